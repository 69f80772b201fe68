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
. bench/lib.sh
bench_demo "$db" load Load-Test-2026
max_org=$(sqlite3 "$db" "SELECT max(id) FROM org")
max_member=$(sqlite3 "$db" "SELECT max(id) FROM member")
branches=$(sqlite3 "$db" "SELECT group_concat(id) FROM (SELECT id FROM org WHERE type = 'branch' AND unit_category = 'village' ORDER BY id LIMIT 200)")
port=18097
bench_serve "$db" $port "$out/loadtest-server.log"
read -r cookie csrf < <(bench_login $port load Load-Test-2026)
COOKIE=$cookie CSRF=$csrf MAX_ORG=$max_org MAX_MEMBER=$max_member BRANCHES=$branches \
  wrk -t2 -c100 -d"$duration" --latency -s bench/loadtest.lua "http://127.0.0.1:$port" | tee "$out/loadtest.txt"
bench_stop
status=0
grep -q 'loadtest: .* 0 errors (non-2xx), 0 socket errors' "$out/loadtest.txt" || { echo "loadtest: FAILED: some requests failed"; status=1; }
bench_check "$db" || status=1
exit $status
