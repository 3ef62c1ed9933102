-- A busy site's mix, by request: 70 % card lists (latest 40 : tag 35 : hot 25, half of them
-- signed in), 15 % single posts with their comments (a post, then its comment thread), 10 % home
-- timelines, 5 % writes (likes/unlikes 60 : comments 30 : posts 10), each signed-in request as
-- a random user of the token file.
-- Env: BENCH_TOKENS (access tokens, one a line), BENCH_TAGS (tag names, most used first),
-- BENCH_POSTS (the newest seeded post id, default 100000).
local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  assert(#out > 0, "no lines in " .. path)
  return out
end

local tokens = lines(os.getenv("BENCH_TOKENS"))
local tags = lines(os.getenv("BENCH_TAGS"))
local newest = tonumber(os.getenv("BENCH_POSTS") or "100000")
local kinds = { "list_latest", "list_tag", "list_hot", "post", "comments", "timeline", "like", "comment", "new_post" }
local threads = {}
counts = {} -- global: done() reads it through thread:get
local open_post = nil -- the post whose comments this thread reads next
local written = 0

local function bearer()
  return { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] }
end

local function maybe_signed_in()
  if math.random() < 0.5 then return bearer() end
  return {}
end

-- Recent posts get most reads: half of them go to the newest ~12 %.
local function recent_post()
  return newest - math.floor(newest * math.random() ^ 3)
end

-- Popular tags get most visits (the tag file is ordered by use).
local function popular_tag()
  return tags[math.min(#tags, math.floor(#tags * math.random() ^ 2) + 1)]
end

local function count(kind)
  counts[kind] = (counts[kind] or 0) + 1
end

setup = function(thread)
  threads[#threads + 1] = thread
  thread:set("thread_number", #threads)
end

init = function()
  math.randomseed(15485863 * (thread_number or 1))
  for _, kind in ipairs(kinds) do counts[kind] = 0 end
end

local function json_headers()
  local headers = bearer()
  headers["Content-Type"] = "application/json"
  return headers
end

request = function()
  local roll = math.random() * 100
  if roll < 70 then
    local which = math.random() * 100
    if which < 40 then
      count("list_latest")
      return wrk.format("GET", "/api/v1/posts?limit=20", maybe_signed_in())
    elseif which < 75 then
      count("list_tag")
      return wrk.format("GET", "/api/v1/tags/" .. popular_tag() .. "/posts?limit=20", maybe_signed_in())
    end
    count("list_hot")
    return wrk.format("GET", "/api/v1/posts?sort=hot&limit=20", maybe_signed_in())
  elseif roll < 85 then
    if open_post then
      local post = open_post
      open_post = nil
      count("comments")
      return wrk.format("GET", "/api/v1/posts/" .. post .. "/comments", maybe_signed_in())
    end
    open_post = recent_post()
    count("post")
    return wrk.format("GET", "/api/v1/posts/" .. open_post, maybe_signed_in())
  elseif roll < 95 then
    count("timeline")
    return wrk.format("GET", "/api/v1/feed?limit=20", bearer())
  end
  local which = math.random() * 100
  written = written + 1
  if which < 60 then
    count("like")
    -- Likes land on the newest 5,000 posts, which the run checks afterwards.
    local post = newest - math.floor(5000 * math.random() ^ 2)
    local method = "PUT"
    if math.random() < 0.5 then method = "DELETE" end
    return wrk.format(method, "/api/v1/posts/" .. post .. "/like", bearer())
  elseif which < 90 then
    count("comment")
    local body = '{"content":"Mixed workload comment ' .. written .. ': the same as the manual says."}'
    return wrk.format("POST", "/api/v1/posts/" .. recent_post() .. "/comments", json_headers(), body)
  end
  count("new_post")
  local body = '{"title":"Mixed workload post ' .. written .. '","content":"A post written during the mixed '
    .. 'workload.\\n\\nIt has two paragraphs.","tags":["' .. popular_tag() .. '"]}'
  return wrk.format("POST", "/api/v1/posts", json_headers(), body)
end

done = function()
  local totals, all = {}, 0
  for _, thread in ipairs(threads) do
    local thread_counts = thread:get("counts")
    for _, kind in ipairs(kinds) do
      totals[kind] = (totals[kind] or 0) + (thread_counts[kind] or 0)
      all = all + (thread_counts[kind] or 0)
    end
  end
  local parts = {}
  for _, kind in ipairs(kinds) do
    parts[#parts + 1] = string.format("%s %.1f%%", kind, 100 * totals[kind] / math.max(all, 1))
  end
  io.write("mix: " .. table.concat(parts, ", ") .. "\n")
end
