-- GET /api/v1/posts/{random id}
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/posts/" .. math.random(1, 100000))
end
