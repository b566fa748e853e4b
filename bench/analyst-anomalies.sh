#!/usr/bin/env bash
# The analyst anomalies report on the projection a ledger of N events leaves behind (loaded with COPY),
# in a fresh JVM with its own real PostgreSQL (and the Kafka broker SharedInfra starts beside it).
# Usage: bench/analyst-anomalies.sh [events, default 10000000] [density, default 1.0] [runs per query, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl ledger-service -am test-compile dependency:build-classpath -Dmdep.outputFile=bench.cp -Dmdep.includeScope=test
CP="ledger-service/target/test-classes:ledger-service/target/classes:common-events/target/classes:service-support/target/classes:test-support/target/classes:$(cat ledger-service/bench.cp)"
java -Xmx1g -cp "$CP" io.cardledger.ledger.bench.AnomaliesBenchmark "events=${1:-10000000}" "density=${2:-1.0}" "runs=${3:-30}"
