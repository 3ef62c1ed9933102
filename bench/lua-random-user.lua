-- GET /api/v1/users/{random id}
math.randomseed(os.time() + 1)
request = function()
  return wrk.format("GET", "/api/v1/users/" .. math.random(1, 10000))
end
