-- GET /api/v1/posts/{id}: ids skewed towards recent posts like real traffic
-- (id = 100000 - floor(100000 * u^3), so half the reads go to the newest ~12%).
math.randomseed(os.time())
request = function()
  local id = 100000 - math.floor(100000 * math.random() ^ 3)
  return wrk.format("GET", "/api/v1/posts/" .. id)
end
