#!/usr/bin/env bash
# fuzz/run.sh SECONDS TARGET... - runs each libFuzzer target built in build/fuzz: first its
# regressions (fuzz/regressions/TARGET/*: inputs that once crashed it, replayed as tests), then
# SECONDS of fuzzing from its seeds (fuzz/corpus/TARGET/) into a working corpus under
# build/fuzz/corpus/. A crash, a leak or undefined behaviour fails the run; the input that caused
# it is kept in test-artifacts/fuzz/ (copy it into fuzz/regressions/TARGET/ once fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=$1; shift
mkdir -p test-artifacts/fuzz
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "$@"; do
  bin=build/fuzz/$t
  if compgen -G "fuzz/regressions/$t/*" >/dev/null; then
    "$bin" fuzz/regressions/"$t"/* >test-artifacts/fuzz/"$t".regressions.log 2>&1 \
      || { echo "fuzz: $t: a regression input fails again (test-artifacts/fuzz/$t.regressions.log)"; status=1; continue; }
  fi
  mkdir -p build/fuzz/corpus/"$t"
  if "$bin" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix=test-artifacts/fuzz/"$t"- \
       build/fuzz/corpus/"$t" fuzz/corpus/"$t" >test-artifacts/fuzz/"$t".log 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' test-artifacts/fuzz/"$t".log | grep -o '[0-9]*$' || echo '?')
    echo "fuzz: $t: $runs inputs in ${seconds} s, no failure"
  else
    echo "fuzz: $t: FAILED - see test-artifacts/fuzz/$t.log and the crash-* input beside it"
    tail -40 test-artifacts/fuzz/"$t".log
    status=1
  fi
done
exit $status
