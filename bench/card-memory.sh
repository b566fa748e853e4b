#!/usr/bin/env bash
# Heap a card takes in the card cache, by the length of its history (CardMemoryBenchmark), and how the cache's
# estimate (CardBook.estimatedHeapBytes) compares with it. Serial GC, so heap after a full collection is exact.
# Usage: bench/card-memory.sh [cards, default 2000] [notifications per card, default 300]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ledger-service -am test-compile dependency:build-classpath -Dmdep.outputFile=bench.cp -Dmdep.includeScope=test
CP="ledger-service/target/test-classes:ledger-service/target/classes:common-events/target/classes:service-support/target/classes:test-support/target/classes:$(cat ledger-service/bench.cp)"
java -XX:+UseSerialGC -Xmx3g -cp "$CP" io.cardledger.ledger.bench.CardMemoryBenchmark "${1:-2000}" "${2:-300}"
