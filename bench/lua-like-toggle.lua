-- Like then unlike: each odd request is a PUT /posts/{id}/like by a random user, the next one
-- the DELETE of that like by the same user (on another connection, so the two may race, as a
-- double click does). Users: the tokens in the file BENCH_TOKENS, or the one token in TOKEN.
-- Posts 1..BENCH_LIKE_POSTS (default 2000); the run checks the counts afterwards.
local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

local tokens = os.getenv("BENCH_TOKENS") and lines(os.getenv("BENCH_TOKENS")) or { os.getenv("TOKEN") }
local posts = tonumber(os.getenv("BENCH_LIKE_POSTS") or "2000")
local threads = 0
local toggle, post, token = 0, 1, tokens[1]

setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

init = function()
  math.randomseed(104729 * (thread_number or 1))
end

request = function()
  toggle = toggle + 1
  local method = "DELETE"
  if toggle % 2 == 1 then
    method = "PUT"
    post = math.random(1, posts)
    token = tokens[math.random(#tokens)]
  end
  return wrk.format(method, "/api/v1/posts/" .. post .. "/like", { ["Authorization"] = "Bearer " .. token })
end
