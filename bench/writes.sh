#!/usr/bin/env bash
# bench/writes.sh - `make bench-writes`: DESIGN's durable-write target (a meeting record with 30
# attendees: >= 2 k/s, p99 < 20 ms). wrk posts meetings of 30 present members (bench/writes.lua)
# to the server on a fresh demo database, for DURATION (default 30 s) at each of CONNECTIONS
# (default "1 4 16 64") connections; commits are durable (WAL, synchronous=FULL as the server
# runs). Prints a line per run; afterwards integrity, statistics, the audit chain and the kept
# summaries of organisational life are checked.
# Usage: bash bench/writes.sh [DURATION] [CONNECTIONS]   (needs bin/jiceng, wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30s}
connections=${2:-1 4 16 64}
out=bench/out; mkdir -p "$out"
db=$out/writes.db
. bench/lib.sh
bench_demo "$db" writer Write-Test-2026
# branches with at least 30 members in the normal state, 30 of them each
branches=$(sqlite3 "$db" "SELECT group_concat(b, ';') FROM (SELECT o.id || ':' || (SELECT group_concat(id) FROM
  (SELECT id FROM member WHERE org_id = o.id AND state = 'normal' ORDER BY id LIMIT 30)) AS b FROM org o
  WHERE o.type = 'branch' AND (SELECT count(*) FROM member WHERE org_id = o.id AND state = 'normal') >= 30 ORDER BY o.id LIMIT 100)")
[ -n "$branches" ] || { echo "writes: no branch of the demo has 30 members"; exit 1; }
port=18098
bench_serve "$db" $port "$out/writes-server.log"
read -r cookie csrf < <(bench_login $port writer Write-Test-2026)
status=0
for c in $connections; do
  threads=$(( c < 2 ? 1 : 2 ))
  COOKIE=$cookie CSRF=$csrf BRANCHES=$branches \
    wrk -t$threads -c"$c" -d"$duration" --latency -s bench/writes.lua "http://127.0.0.1:$port" > "$out/writes-$c.txt"
  echo "connections $c: $(grep '^writes: .*written' "$out/writes-$c.txt" | sed 's/^writes: //') | $(grep '^writes: p50' "$out/writes-$c.txt" | sed 's/^writes: //')"
  grep -q ' 0 errors (non-2xx)' "$out/writes-$c.txt" || status=1 # (socket errors: wrk's 2 s timeout, reported above)
done
bench_stop
bench_check "$db" || status=1
exit $status
