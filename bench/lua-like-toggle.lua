-- PUT then DELETE a like on random posts, as one signed-in user (token in env TOKEN).
local token = os.getenv("TOKEN")
local toggle = 0
math.randomseed(os.time() + 2)
request = function()
  toggle = toggle + 1
  local method = (toggle % 2 == 1) and "PUT" or "DELETE"
  local post = math.random(1, 2000)
  return wrk.format(method, "/api/v1/posts/" .. post .. "/like", { ["Authorization"] = "Bearer " .. token })
end
