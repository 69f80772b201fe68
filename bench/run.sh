#!/usr/bin/env bash
# bench/run.sh [SCALE] - the benchmarks of DESIGN.md / issue 2, printed as a table.
#   1. `jiceng gen --scale SCALE`: the real national tree plus generated organisations and members
#   2. bench_store: subtree statistics (random organisations and the national root), first page
#      of 50 members - p50/p99 in microseconds
#   3. import of SCALE x 100 M members from CSV (validation, history, statistics) - rows/s
#   4. GET one member over HTTP, wrk -t1 -c50, against nginx serving the same JSON as a file
#   5. server RSS after the HTTP runs
# Databases and files go to bench/out/ (kept between runs; delete to regenerate).
# Installs wrk and nginx (Debian packages) when missing. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-0.01}
out=bench/out
mkdir -p "$out"
for p in wrk nginx; do
  command -v $p >/dev/null || { apt-get install -y -qq $p >/dev/null || { apt-get update -qq && apt-get install -y -qq $p >/dev/null; }; }
done
jc=./bin/jiceng
db=$out/national-$scale.db
echo "## jiceng benchmarks, scale $scale of national ($(nproc) cores, $(date -u +%F))"
if [ ! -f "$db" ]; then
  /usr/bin/time -f "gen: %e s, max RSS %M KB" $jc gen --scale "$scale" --db "$db"
fi
echo
echo "database: $(du -h "$db" | cut -f1), $(sqlite3 "$db" 'SELECT count(*) FROM org') organisations, $(sqlite3 "$db" 'SELECT count(*) FROM member') members"
echo
./build/release/bench/bench_store "$db" 20000
echo
# Import: the organisations stored, the members written to CSV, then imported (SKIP_IMPORT=1 skips).
imp=$out/import-$scale.db csv=$out/members-$scale.csv
if [ -z "${SKIP_IMPORT:-}" ]; then
rm -f "$imp" "$imp"-wal "$imp"-shm
$jc gen --scale "$scale" --db "$imp" --csv "$csv" >/dev/null
echo "import file: $(du -h "$csv" | cut -f1), $(($(wc -l < "$csv") - 1)) rows"
$jc import members "$csv" --db "$imp" 2>/dev/null
$jc stats verify --db "$imp" | tail -1
rm -f "$imp" "$imp"-wal "$imp"-shm "$csv"
fi
echo
# HTTP: one member as JSON, from jiceng and from nginx serving the same bytes as a static file.
port=18480 nport=18481
$jc serve --db "$db" --port $port --web /nonexistent >/dev/null 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null; [ -f $out/nginx.pid ] && kill $(cat $out/nginx.pid) 2>/dev/null || true' EXIT
for i in $(seq 50); do curl -sf localhost:$port/api/v1/health >/dev/null && break; sleep 0.1; done
# A session: an organisation-department account on the whole database, password then TOTP.
$jc account add bench --password Bench-Pass-2026 --role org_staff --enrol-totp --db "$db" >/dev/null 2>&1 || true
curl -s -D $out/login.headers -o $out/login.json -H 'content-type: application/json' \
  -d '{"login":"bench","password":"Bench-Pass-2026"}' localhost:$port/api/v1/auth/login
token=$(sed -n 's/.*jiceng_session=\([0-9a-f]*\).*/\1/p' $out/login.headers)
csrf=$(sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' $out/login.json)
curl -sf -o /dev/null -H "cookie: jiceng_session=$token" -H "x-csrf-token: $csrf" -H 'content-type: application/json' \
  -d "{\"code\":\"$($jc otp bench --db "$db")\"}" localhost:$port/api/v1/auth/totp
export COOKIE="jiceng_session=$token"
mid=$(sqlite3 "$db" 'SELECT id FROM member ORDER BY id LIMIT 1 OFFSET 1000')
mkdir -p $out/static
curl -sf -H "cookie: $COOKIE" localhost:$port/api/v1/members/$mid > $out/static/member.json
cat > $out/nginx.conf <<NGINX
worker_processes auto;
daemon on;
pid $PWD/$out/nginx.pid;
error_log /dev/null;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nport;
    root $PWD/$out/static;
    location / { default_type application/json; }
  }
}
NGINX
nginx -c "$PWD/$out/nginx.conf"
sleep 0.3
wrk -t1 -c50 -d3s -H "cookie: $COOKIE" http://127.0.0.1:$port/api/v1/members/$mid >/dev/null # warm up
jrps=$(wrk -t1 -c50 -d10s --latency -H "cookie: $COOKIE" http://127.0.0.1:$port/api/v1/members/$mid | tee $out/wrk-jiceng.txt | awk '/Requests\/sec/ {print $2}')
nrps=$(wrk -t1 -c50 -d10s --latency http://127.0.0.1:$nport/member.json | tee $out/wrk-nginx.txt | awk '/Requests\/sec/ {print $2}')
# Mixed reads everywhere in the tree, then the server's memory.
MAX_ORG=$(sqlite3 "$db" 'SELECT max(id) FROM org') MAX_MEMBER=$(sqlite3 "$db" 'SELECT max(id) FROM member') \
  wrk -t1 -c50 -d20s --latency -s bench/mixed.lua http://127.0.0.1:$port > $out/wrk-mixed.txt
mrps=$(awk '/Requests\/sec/ {print $2}' $out/wrk-mixed.txt)
rss=$(awk '/VmRSS/ {print $2}' /proc/$spid/status) hwm=$(awk '/VmHWM/ {print $2}' /proc/$spid/status)
echo "| GET one member, wrk -t1 -c50 10 s | jiceng $jrps req/s | nginx static $nrps req/s | ratio $(awk "BEGIN {printf \"%.2f\", $jrps / $nrps}") |"
echo "| jiceng p99 latency | $(awk '/ 99%/ {print $2}' $out/wrk-jiceng.txt) | nginx p99 | $(awk '/ 99%/ {print $2}' $out/wrk-nginx.txt) |"
echo "| mixed reads (member, stats, first page, children; random ids), 20 s | $mrps req/s | p99 $(awk '/ 99%/ {print $2}' $out/wrk-mixed.txt) | non-2xx: $(awk '/Non-2xx/ {print $4}' $out/wrk-mixed.txt) |"
echo "| server memory after the runs | RSS $((rss / 1024)) MB | peak $((hwm / 1024)) MB |"
