-- bench/mixed.lua - a wrk script of mixed reads over the whole tree: one member, subtree
-- statistics, the first page of members, and children, for random ids up to MAX_ORG / MAX_MEMBER
-- (environment variables), so the server's memory is measured while it touches the database
-- everywhere.
local max_org = tonumber(os.getenv("MAX_ORG") or "1000")
local max_member = tonumber(os.getenv("MAX_MEMBER") or "1000")
math.randomseed(42)
wrk.headers["cookie"] = os.getenv("COOKIE") -- the session bench/run.sh logged in
request = function()
  local k = math.random(4)
  local path
  if k == 1 then
    path = "/api/v1/members/" .. math.random(max_member)
  elseif k == 2 then
    path = "/api/v1/orgs/" .. math.random(max_org) .. "/stats"
  elseif k == 3 then
    path = "/api/v1/orgs/" .. math.random(max_org) .. "/members?limit=50"
  else
    path = "/api/v1/orgs/" .. math.random(max_org) .. "/children"
  end
  return wrk.format("GET", path)
end
