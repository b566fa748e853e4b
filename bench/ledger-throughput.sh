#!/usr/bin/env bash
# Ledger throughput, batched (one transaction per Kafka poll) and naive (one per notification),
# each in a fresh JVM with its own real Kafka broker and PostgreSQL (fsync on).
# Usage: bench/ledger-throughput.sh [notifications-batched] [notifications-naive] [cards] [batched warm-up]
# BENCH_MEMORY_LIMIT=4G: each run in a memory cgroup of that size (bench/memory-limit.sh says why).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ledger-service -am install -DskipTests
./mvnw -q -B -pl ledger-service test-compile dependency:build-classpath -Dmdep.outputFile=bench.cp -Dmdep.includeScope=test
CP="ledger-service/target/test-classes:ledger-service/target/classes:$(cat ledger-service/bench.cp)"
# Warm-ups (not measured): 300,000 notifications in batch mode (~40 s, after which the JIT has mostly
# settled: the sustained rate), half of N in naive mode.
bench/memory-limit.sh java -Xmx2g -cp "$CP" io.cardledger.ledger.bench.LedgerThroughputBenchmark batch "${1:-300000}" "${3:-2000}" "${4:-300000}"
bench/memory-limit.sh java -Xmx2g -cp "$CP" io.cardledger.ledger.bench.LedgerThroughputBenchmark naive "${2:-30000}" "${3:-2000}" "$(( ${2:-30000} / 2 ))"
