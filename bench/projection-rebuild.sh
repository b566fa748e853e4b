#!/usr/bin/env bash
# Projection rebuild speed over a large ledger topic, beside a raw PostgreSQL COPY of the same rows,
# in a fresh JVM with its own real Kafka broker and PostgreSQL (fsync on).
# Usage: bench/projection-rebuild.sh [events, default 1000000] [wallets, default 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -pl projection-service -am install -DskipTests
./mvnw -q -B -pl projection-service test-compile dependency:build-classpath -Dmdep.outputFile=bench.cp -Dmdep.includeScope=test
CP="projection-service/target/test-classes:projection-service/target/classes:$(cat projection-service/bench.cp)"
java -Xmx6g -Dcardledger.test.pg.durable=true -cp "$CP" io.cardledger.projection.bench.RebuildBenchmark "events=${1:-1000000}" "wallets=${2:-20000}"
