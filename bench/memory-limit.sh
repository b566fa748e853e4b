#!/usr/bin/env bash
# Usage: bench/memory-limit.sh CMD [ARGS...]
# Runs CMD (and everything it starts: the benchmark's JVM and its PostgreSQL) in the memory cgroup
# cardledger-bench limited to BENCH_MEMORY_LIMIT (e.g. 4G), as on a database host of that size: the page cache
# is then recycled within the limit instead of growing over the whole machine. Without BENCH_MEMORY_LIMIT it runs
# CMD as it is. Needs root and a cgroup v1 memory controller or cgroup v2.
# Why: on a VM whose idle memory its host takes back, pages past the warm part are backed again on first touch,
# slowly in the host's slow phases; see docs/benchmarks-ledger.md ("memory the host backs lazily").
set -euo pipefail
if [ -z "${BENCH_MEMORY_LIMIT:-}" ]; then exec "$@"; fi
bytes=$(numfmt --from=iec "$BENCH_MEMORY_LIMIT")
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  cg=/sys/fs/cgroup/cardledger-bench; limit_file=memory.max
else
  cg=/sys/fs/cgroup/memory/cardledger-bench; limit_file=memory.limit_in_bytes
fi
mkdir -p "$cg" && echo "$bytes" > "$cg/$limit_file" \
  || { echo "cannot set up the memory cgroup $cg (root and a memory controller are needed)" >&2; exit 1; }
echo "memory limit: $BENCH_MEMORY_LIMIT ($cg)"
echo $$ > "$cg/cgroup.procs"
exec "$@"
