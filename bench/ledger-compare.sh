#!/usr/bin/env bash
# Before/after ledger throughput, interleaved: HEAD against BASE, one benchmark at a time.
# Usage: bench/ledger-compare.sh BASE [pairs, default 3] [notifications, default 300000] [cards, default 2000]
#                                [warm-up, default 300000]
# Builds both commits (committed code only: HEAD, not the working tree) in temporary git worktrees, then runs
# LedgerThroughputBenchmark batch N CARDS WARM-UP alternately, head then base, PAIRS times: each run in a fresh
# JVM with its own real Kafka broker and PostgreSQL (fsync on). Interleaving matters on a shared machine: the
# host's speed drifts (docs/benchmarks-ledger.md), so only runs made side by side compare. Each run holds
# /tmp/cardledger-bench.lock, so no other benchmark that takes it shares the cores. Prints a summary line per
# run (bench/ledger-summary.py explains the columns); the logs stay in the directory printed first.
# JAVA_OPTS is passed to each run (e.g. -Dbench.pg.statements=true, -Dbench.jfr=FILE).
# BENCH_MEMORY_LIMIT=4G runs each benchmark (its JVM and its PostgreSQL) in a memory cgroup of that size
# (bench/memory-limit.sh says why).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
usage="usage: bench/ledger-compare.sh BASE [pairs] [notifications] [cards] [warm-up]"
base=$(git rev-parse --verify "${1:?$usage}^{commit}")
head=$(git rev-parse --verify HEAD)
pairs=${2:-3}
n=${3:-300000}
cards=${4:-2000}
warmup=${5:-300000}
[ -z "$(git status --porcelain --untracked-files=no)" ] || echo "note: uncommitted changes are not measured (HEAD is)"
work=$(mktemp -d "${TMPDIR:-/tmp}/ledger-compare.XXXXXX")
echo "logs: $work (head ${head:0:8}, base ${base:0:8})"
cleanup() {
  git worktree remove --force "$work/head" 2>/dev/null || true
  git worktree remove --force "$work/base" 2>/dev/null || true
}
trap cleanup EXIT

build() { # commit dir
  git worktree add -q --detach "$2" "$1"
  # under the lock too: a build beside another benchmark would slow it
  (cd "$2" && flock /tmp/cardledger-bench.lock ./mvnw -q -B -pl ledger-service -am test-compile dependency:build-classpath \
      -Dmdep.outputFile=bench.cp -Dmdep.includeScope=test -Denforcer.skip) > "$2.build.log" 2>&1 \
    || { echo "build of $1 failed: $2.build.log" >&2; exit 1; }
}
build "$head" "$work/head"
build "$base" "$work/base"

run() { # tree log
  local cp="ledger-service/target/test-classes:ledger-service/target/classes:common-events/target/classes"
  cp="$cp:service-support/target/classes:test-support/target/classes"
  # the project's own modules come from the tree's classes, never from an installed jar of another version
  cp="$cp:$(tr ':' '\n' < "$1/ledger-service/bench.cp" | grep -v '/io/cardledger/' | paste -sd:)"
  (cd "$1" && flock /tmp/cardledger-bench.lock "$repo/bench/memory-limit.sh" \
      java -Xmx2g ${JAVA_OPTS:-} -cp "$cp" \
      io.cardledger.ledger.bench.LedgerThroughputBenchmark batch "$n" "$cards" "$warmup") > "$2" 2>&1
}
logs=()
for i in $(seq 1 "$pairs"); do
  for side in head base; do
    run "$work/$side" "$work/$i-$side.log"
    logs+=("$work/$i-$side.log")
    python3 bench/ledger-summary.py "$work/$i-$side.log" | tail -n 1
  done
done
echo
python3 bench/ledger-summary.py "${logs[@]}"
