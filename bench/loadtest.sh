#!/usr/bin/env bash
# bench/loadtest.sh - `make loadtest`: wrk with the mixed read/write script bench/loadtest.lua at
# 100 connections for DURATION (default 60 s) against a fresh copy of the demo database; prints
# throughput, p50/p90/p99 latency, reads, writes and errors, and fails when any request failed.
# Afterwards the database is checked as the crash tests check it: integrity, statistics equal to
# a recount, the audit chain, the kept summaries of organisational life.
# Usage: bash bench/loadtest.sh [DURATION]   (needs bin/jiceng, wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60s}
out=bench/out; mkdir -p "$out"
db=$out/loadtest.db
rm -f "$db" "$db"-wal "$db"-shm "$db".key
./bin/jiceng demo --db "$db" >/dev/null
./bin/jiceng account add load --password Load-Test-2026 --role org_staff --db "$db" >/dev/null
max_org=$(sqlite3 "$db" "SELECT max(id) FROM org")
max_member=$(sqlite3 "$db" "SELECT max(id) FROM member")
branches=$(sqlite3 "$db" "SELECT group_concat(id) FROM (SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 200)")
port=18097
./bin/jiceng serve --db "$db" --port $port --web /nonexistent >"$out/loadtest-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
read -r cookie csrf < <(node --input-type=module -e "
import { login } from './tests/api/harness.mjs';
const { session } = await login({ base: 'http://127.0.0.1:$port' }, 'load', 'Load-Test-2026');
console.log(session.cookie, session.csrf);")
COOKIE=$cookie CSRF=$csrf MAX_ORG=$max_org MAX_MEMBER=$max_member BRANCHES=$branches \
  wrk -t2 -c100 -d"$duration" --latency -s bench/loadtest.lua "http://127.0.0.1:$port" | tee "$out/loadtest.txt"
kill $server; wait $server 2>/dev/null || true
trap - EXIT
status=0
grep -q 'loadtest: .* 0 errors (non-2xx), 0 socket errors' "$out/loadtest.txt" || { echo "loadtest: FAILED: some requests failed"; status=1; }
[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || { echo "loadtest: integrity_check failed"; status=1; }
./bin/jiceng stats verify --db "$db" | tail -1
./bin/jiceng audit verify --db "$db" | tail -1
./bin/jiceng orglife rebuild --db "$db"
./bin/jiceng stats verify --db "$db" >/dev/null && ./bin/jiceng audit verify --db "$db" >/dev/null || status=1
./bin/jiceng orglife rebuild --db "$db" | grep -q ' 0 rows differed' || status=1
exit $status
