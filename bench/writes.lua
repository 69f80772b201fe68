-- bench/writes.lua - the wrk script of `make bench-writes`: every request records a meeting of a
-- branch with 30 attendees (POST /meetings, one durable transaction: the meeting, its kinds, 30
-- attendance rows, the kept compliance counts and the audit record). A 201 is counted as a
-- write, anything else as an error (its first bodies printed).
-- Environment: COOKIE and CSRF (a logged-in session), BRANCHES: "branch:m1,m2,...,m30;..." -
-- branches with 30 members each to mark present.
local cookie, csrf = os.getenv("COOKIE"), os.getenv("CSRF")
local bodies = {}
for branch, members in string.gmatch(os.getenv("BRANCHES") or "", "(%d+):([%d,]+)") do
  local rows = {}
  for m in string.gmatch(members, "%d+") do rows[#rows + 1] = string.format('{"member_id":%s,"status":"present"}', m) end
  bodies[#bodies + 1] = { branch = branch, attendance = table.concat(rows, ",") }
end

local threads = {}
local n = 0
function setup(thread)
  n = n + 1
  thread:set("tid", n)
  threads[#threads + 1] = thread
end

local writes, errors, shown = 0, 0, 0

function init(args)
  math.randomseed(2000 + wrk.thread:get("tid"))
end

request = function()
  local b = bodies[math.random(#bodies)]
  local day = string.format("2025-%02d-%02d", math.random(12), math.random(28))
  return wrk.format("POST", "/api/v1/meetings",
    { ["content-type"] = "application/json", ["x-csrf-token"] = csrf, ["cookie"] = cookie },
    string.format('{"org_id":%s,"kinds":["lecture"],"held_on":"%s","chair":"党支部书记","recorder":"组织委员",' ..
      '"expected":30,"present":30,"attendance":[%s]}', b.branch, day, b.attendance))
end

response = function(status, headers, body)
  if status == 201 then
    writes = writes + 1
  else
    errors = errors + 1
    if shown < 3 then
      shown = shown + 1
      io.stderr:write("writes: " .. status .. " " .. body:sub(1, 300) .. "\n")
    end
  end
  wrk.thread:set("writes", writes)
  wrk.thread:set("errors", errors)
end

done = function(summary, latency, requests)
  local w, e = 0, 0
  for _, t in ipairs(threads) do
    w = w + (t:get("writes") or 0)
    e = e + (t:get("errors") or 0)
  end
  io.write(string.format("writes: %d meetings of 30 attendees written, %.0f/s, %d errors (non-2xx), %d socket errors\n", w,
    w / (summary.duration / 1e6), e,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
  io.write(string.format("writes: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
