-- GET a random path from the file named by BENCH_PATHS (one path per line); signed in as a
-- random user from BENCH_TOKENS (one access token per line) when that is set, a token per request.
local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  assert(#out > 0, "no lines in " .. path)
  return out
end

local paths = lines(os.getenv("BENCH_PATHS"))
local tokens = os.getenv("BENCH_TOKENS") and lines(os.getenv("BENCH_TOKENS")) or nil
local threads = 0

setup = function(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

init = function()
  math.randomseed(7919 * (thread_number or 1))
end

request = function()
  local path = paths[math.random(#paths)]
  if tokens then
    return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
  end
  return wrk.format("GET", path)
end
