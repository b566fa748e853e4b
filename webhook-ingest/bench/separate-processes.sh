#!/usr/bin/env bash
# webhook-ingest benchmark with each part in its own process, as in production: a real KRaft broker
# (dev-stack, on its own ports and a throw-away data directory, so a running `./ledger up` is not
# touched), the service's exec jar, and IngestLoadGenerator with --url. The generator reports CPU
# per request of the service and the broker process (from /proc) as well as its own.
#
#   webhook-ingest/bench/separate-processes.sh [generator options...]
#
# Build first (not timed, no lock): ./mvnw -o -q -B -pl dev-stack,webhook-ingest package -DskipTests \
#   && ./mvnw -o -q -B -pl webhook-ingest dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
# Environment: SERVICE_JAR (another build to compare), SERVICE_JAVA_OPTS (e.g. a JFR recording), SERVICE_ARGS (e.g. --server.tomcat.threads.max=8), INGEST_BENCH_PORT (18080), INGEST_BENCH_KAFKA_PORT (29092),
# INGEST_BENCH_PG_PORT (25432). Run it under `flock /tmp/cardledger-bench.lock` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=0.1.0-SNAPSHOT
PORT=${INGEST_BENCH_PORT:-18080}
KAFKA_PORT=${INGEST_BENCH_KAFKA_PORT:-29092}
PG_PORT=${INGEST_BENCH_PG_PORT:-25432}
DATA=$(mktemp -d /tmp/ingest-bench.XXXXXX)
PIDS=()

stop_all() {
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  rm -rf "$DATA"
}
trap stop_all EXIT INT TERM

echo "$(date +%T) $(uptime)"
java -Xmx512m -jar dev-stack/target/dev-stack-$VERSION-exec.jar "$DATA" "$PG_PORT" "$KAFKA_PORT" > "$DATA/dev-stack.log" 2>&1 &
BROKER=$!
PIDS+=($BROKER)
for _ in $(seq 1 300); do grep -q READY "$DATA/dev-stack.log" && break; sleep 0.2; done
grep -q READY "$DATA/dev-stack.log" || { tail -30 "$DATA/dev-stack.log"; exit 1; }

# shellcheck disable=SC2086
echo "service: ${SERVICE_JAVA_OPTS:-} ${SERVICE_ARGS:-}"
java -Xms512m -Xmx768m ${SERVICE_JAVA_OPTS:-} -jar "${SERVICE_JAR:-webhook-ingest/target/webhook-ingest-$VERSION-exec.jar}" \
  --server.port="$PORT" --spring.kafka.bootstrap-servers=localhost:"$KAFKA_PORT" \
  --cardledger.ingest.webhook-password=bench-password --logging.level.root=WARN ${SERVICE_ARGS:-} > "$DATA/service.log" 2>&1 &
SERVICE=$!
PIDS+=($SERVICE)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q UP && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/actuator/health" | grep -q UP || { tail -30 "$DATA/service.log"; exit 1; }
echo "$(date +%T) broker pid $BROKER (dev-stack, Kafka + idle PostgreSQL), service pid $SERVICE on $PORT"

java -Xms512m -Xmx512m \
  -cp webhook-ingest/target/test-classes:webhook-ingest/target/classes:"$(cat webhook-ingest/target/bench.cp)" \
  io.cardledger.ingest.bench.IngestLoadGenerator --url="http://127.0.0.1:$PORT" --password=bench-password \
  --pids="service:$SERVICE,broker:$BROKER" "$@"
curl -fs "http://127.0.0.1:$PORT/actuator/prometheus" | grep -E '^(http_server_requests_seconds_(count|sum)|cardledger_ingest_kafka_publish_seconds_(count|sum))' || true
echo "$(date +%T) $(uptime)"
