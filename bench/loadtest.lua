-- bench/loadtest.lua - the wrk script of `make loadtest`: a mixed load on the demo database, as
-- a department and its branches would make it. Of every 20 requests: 4 read a member, 3 the
-- subtree statistics of an organisation, 3 a page of members, 2 the children of an
-- organisation, 2 the meetings of a branch, 2 a whole-tree compliance summary, 3 record a
-- meeting (POST /meetings) and 1 adds a member (POST /members, a new valid ID number each time).
-- Every answer that is not 2xx is counted as an error and its first bodies printed; a 201 is
-- counted as a write, a 200 as a read.
-- Environment: COOKIE and CSRF (a logged-in session), MAX_ORG, MAX_MEMBER, BRANCHES (ids).
local cookie, csrf = os.getenv("COOKIE"), os.getenv("CSRF")
local max_org = tonumber(os.getenv("MAX_ORG") or "1000")
local max_member = tonumber(os.getenv("MAX_MEMBER") or "1000")
local branches = {}
for id in string.gmatch(os.getenv("BRANCHES") or "1", "%d+") do branches[#branches + 1] = id end

local threads = {}
local id = 0
function setup(thread)
  id = id + 1
  thread:set("tid", id)
  threads[#threads + 1] = thread
end

local tid, seq = 0, 0
local counts = { reads = 0, writes = 0, errors = 0 }
local shown = 0

function init(args)
  tid = wrk.thread:get("tid")
  math.randomseed(1000 + tid)
  wrk.headers["cookie"] = cookie
end

-- GB 11643: 17 digits and the check character.
local weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 }
local function id_number(n)
  local area = string.format("%06d", 110100 + tid) -- one area per thread: numbers never collide
  local birth = string.format("%04d%02d%02d", 1950 + math.floor(n / 168000) % 50, 1 + math.floor(n / 14000) % 12,
    1 + math.floor(n / 500) % 28)
  local first = area .. birth .. string.format("%03d", (n % 500) * 2 + 1)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(first:sub(i, i)) * weights[i] end
  return first .. string.sub("10X98765432", sum % 11 + 1, sum % 11 + 1), birth
end

local function post(path, body)
  return wrk.format("POST", path, { ["content-type"] = "application/json", ["x-csrf-token"] = csrf, ["cookie"] = cookie }, body)
end

request = function()
  local k = math.random(20)
  if k <= 4 then
    return wrk.format("GET", "/api/v1/members/" .. math.random(max_member))
  elseif k <= 7 then
    return wrk.format("GET", "/api/v1/orgs/" .. math.random(max_org) .. "/stats")
  elseif k <= 10 then
    return wrk.format("GET", "/api/v1/orgs/" .. math.random(max_org) .. "/members?limit=50")
  elseif k <= 12 then
    return wrk.format("GET", "/api/v1/orgs/" .. math.random(max_org) .. "/children")
  elseif k <= 14 then
    return wrk.format("GET", "/api/v1/orgs/" .. branches[math.random(#branches)] .. "/meetings?limit=20")
  elseif k <= 16 then
    return wrk.format("GET", "/api/v1/orgs/" .. math.random(max_org) .. "/compliance/summary?period=2025")
  elseif k <= 19 then
    local day = string.format("2025-%02d-%02d", math.random(12), math.random(28))
    return post("/api/v1/meetings", string.format(
      '{"org_id":%s,"kinds":["lecture"],"held_on":"%s","chair":"党支部书记","recorder":"组织委员","expected":10,"present":8}',
      branches[math.random(#branches)], day))
  else
    seq = seq + 1
    local number, birth = id_number(seq)
    return post("/api/v1/members", string.format(
      '{"org_id":%s,"name":"压测党员%d","id_number":"%s","ethnicity":"01","education":"bachelor","occupation":"worker","admit_date":"2010-06-01","convert_date":"2011-06-01"}',
      branches[math.random(#branches)], seq, number))
  end
end

response = function(status, headers, body)
  if status == 201 then counts.writes = counts.writes + 1 elseif status == 200 then counts.reads = counts.reads + 1 end
  if status < 200 or status > 299 then
    counts.errors = counts.errors + 1
    if shown < 3 then
      shown = shown + 1
      io.stderr:write("loadtest: " .. status .. " " .. body:sub(1, 300) .. "\n")
    end
  end
  wrk.thread:set("reads", counts.reads)
  wrk.thread:set("writes", counts.writes)
  wrk.thread:set("errors", counts.errors)
end

done = function(summary, latency, requests)
  local reads, writes, errors = 0, 0, 0
  for _, t in ipairs(threads) do
    reads = reads + (t:get("reads") or 0)
    writes = writes + (t:get("writes") or 0)
    errors = errors + (t:get("errors") or 0)
  end
  io.write(string.format("loadtest: %d reads, %d writes, %d errors (non-2xx), %d socket errors\n", reads, writes, errors,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
  io.write(string.format("loadtest: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
