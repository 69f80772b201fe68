#!/usr/bin/env bash
# bench/orglife.sh - issue 6's compliance target: a county's year judged for every branch and
# Party group in < 100 ms. On a fresh copy of the demo (江门市), every branch and group of the
# largest county (台山, 1,699 of them) gets a year of kept monthly counts (theme days, members'
# meetings, lectures, group meetings; some months missing so that there is something to find),
# written straight into orglife_month as the recording path would keep them; then
# GET /api/v1/orgs/{county}/compliance?period=2025 is timed over HTTP, 20 runs.
# Usage: bash bench/orglife.sh   (needs bin/jiceng; make bench-orglife)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out; mkdir -p "$out"
db=$out/orglife-demo.db
rm -f "$db" "$db"-wal "$db"-shm "$db".key
./bin/jiceng demo --db "$db" >/dev/null 2>&1
county=$(sqlite3 "$db" "SELECT id FROM org WHERE code = '440781'")
path=$(sqlite3 "$db" "SELECT path FROM org WHERE id = $county")
sqlite3 "$db" "
WITH RECURSIVE month(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM month WHERE m < 12)
INSERT INTO orglife_month (org_id, month, kind, n)
SELECT o.id, printf('2025-%02d', m), k.kind, 1 FROM org o, month
JOIN (SELECT 'theme_day' AS kind UNION ALL SELECT 'members_meeting' UNION ALL SELECT 'lecture' UNION ALL SELECT 'group_meeting') k
WHERE o.path LIKE '$path%' AND o.type IN ('branch', 'joint_branch', 'temporary_branch', 'group')
  AND (k.kind = 'group_meeting') = (o.type = 'group')
  AND (k.kind NOT IN ('members_meeting', 'lecture') OR m % 3 = 0)
  AND (o.id + m) % 11 <> 0;"
orgs=$(sqlite3 "$db" "SELECT count(*) FROM org WHERE path LIKE '$path%' AND type IN ('branch', 'joint_branch', 'temporary_branch', 'group')")
rows=$(sqlite3 "$db" "SELECT count(*) FROM orglife_month")
./bin/jiceng account add bench --password Bench-Pass-2026 --role org_staff --db "$db" >/dev/null 2>&1
port=18095
./bin/jiceng serve --db "$db" --port $port --loops 2 --web /nonexistent >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
cookie=$(node --input-type=module -e "
import { login } from './tests/api/harness.mjs';
const { session } = await login({ base: 'http://127.0.0.1:$port' }, 'bench', 'Bench-Pass-2026');
console.log(session.cookie);")
times=()
for _ in $(seq 20); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "cookie: $cookie" "http://127.0.0.1:$port/api/v1/orgs/$county/compliance?period=2025")
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v orgs="$orgs" -v rows="$rows" '
  { a[NR] = $1 * 1000 } END { printf "compliance of a county for a year (%d branches and groups, %d kept monthly counts): median %.1f ms, worst %.1f ms (target < 100 ms)\n", orgs, rows, a[int((NR + 1) / 2)], a[NR] }'
