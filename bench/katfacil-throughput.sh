#!/usr/bin/env bash
# KatFacil events applied by the ledger (KatFacilOperations.record, one unit of work and one transaction per
# batch, as the KatFacil consumer applies a poll), in a fresh JVM with its own real PostgreSQL (fsync on) and the
# in-process Kafka broker the outbox publishes to. Prints events/s and CPU per event (JVM + PostgreSQL).
# Usage: bench/katfacil-throughput.sh [events, default 100000] [cards, default 1000] [batch, default 500]
#                                     [warm-up, default events/2]
# BENCH_MEMORY_LIMIT=4G: each run in a memory cgroup of that size (bench/memory-limit.sh says why).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ledger-service -am test-compile dependency:build-classpath -Dmdep.outputFile=bench.cp -Dmdep.includeScope=test
CP="ledger-service/target/test-classes:ledger-service/target/classes:common-events/target/classes:service-support/target/classes:test-support/target/classes:$(cat ledger-service/bench.cp)"
events=${1:-100000}
flock /tmp/cardledger-bench.lock bench/memory-limit.sh java -Xmx2g -cp "$CP" io.cardledger.ledger.bench.KatFacilThroughputBenchmark \
  "$events" "${2:-1000}" "${3:-500}" "${4:-$((events / 2))}"
