# bench/lib.sh - what the load benchmarks share (sourced by loadtest.sh and writes.sh): a fresh
# demo database with one organisation-department account, the server on it, a logged-in
# session, and the checks of a database after a run (as the crash tests check it).

# bench_demo DB LOGIN PASSWORD: a fresh demo at DB with an org_staff account.
bench_demo() {
  rm -f "$1" "$1"-wal "$1"-shm "$1".key
  ./bin/jiceng demo --db "$1" >/dev/null
  ./bin/jiceng account add "$2" --password "$3" --role org_staff --db "$1" >/dev/null
}

# bench_serve DB PORT LOG: serves DB on PORT in the background (its pid in $server, stopped on
# exit) and waits until it answers.
bench_serve() {
  ./bin/jiceng serve --db "$1" --port "$2" --web /nonexistent >"$3" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/api/v1/health" >/dev/null && break; sleep 0.1; done
}

# bench_stop: stops the server of bench_serve.
bench_stop() {
  kill "$server"; wait "$server" 2>/dev/null || true
  trap - EXIT
}

# bench_login PORT LOGIN PASSWORD: prints the session's cookie and CSRF token.
bench_login() {
  node --input-type=module -e "
import { login } from './tests/api/harness.mjs';
const { session } = await login({ base: 'http://127.0.0.1:$1' }, '$2', '$3');
console.log(session.cookie, session.csrf);"
}

# bench_check DB: integrity, statistics equal to a recount, the audit chain, the kept summaries;
# prints what it finds and fails when any does not hold.
bench_check() {
  local ok=0
  [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || { echo "integrity_check failed"; ok=1; }
  ./bin/jiceng stats verify --db "$1" | tail -1 || ok=1
  ./bin/jiceng audit verify --db "$1" | tail -1 || ok=1
  ./bin/jiceng orglife rebuild --db "$1" | tee /dev/stderr | grep -q ' 0 rows differed' || ok=1
  return $ok
}
