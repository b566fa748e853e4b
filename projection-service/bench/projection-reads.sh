#!/usr/bin/env bash
# Balance reads and projection freshness with the service in its own JVM:
#   1. dev-stack (a real KRaft broker + PostgreSQL, as ./ledger up runs them) on spare ports,
#   2. projection-service's exec jar against them,
#   3. ProjectionBench (load tool and event producer) in a third JVM.
# Builds nothing: run `./mvnw -o -q -B -pl projection-service -am package -DskipTests` and
# `./mvnw -o -q -B -pl projection-service test-compile dependency:build-classpath
#  -Dmdep.outputFile=bench.cp -Dmdep.includeScope=test` first. Share the machine politely:
#   flock /tmp/cardledger-bench.lock projection-service/bench/projection-reads.sh seconds=20 wallets=1000
# Environment: JAR (service jar; default the built exec jar), SERVICE_JAVA_OPTS, PG_PORT, KAFKA_PORT, PORT,
# RESTART_AFTER_SEED=1 (seed, restart the service on the seeded database, then measure; with warmup=0 this
# measures the service as it runs right after it reports UP).
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=$(pwd)
ROOT=$(cd .. && pwd)
VERSION=0.1.0-SNAPSHOT
JAR=${JAR:-$MODULE/target/projection-service-$VERSION-exec.jar}
PG_PORT=${PG_PORT:-25432}
KAFKA_PORT=${KAFKA_PORT:-29092}
PORT=${PORT:-18082}
WORK=${WORK:-/tmp/projection-bench}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx768m}
PIDS=()

log() { printf '%s [bench] %s\n' "$(date +%H:%M:%S)" "$*"; }
stop_all() {
  trap - INT TERM EXIT
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
}
trap stop_all INT TERM EXIT

rm -rf "$WORK" && mkdir -p "$WORK/logs"
log "load before start: $(cat /proc/loadavg)"
java -Xmx512m -jar "$ROOT/dev-stack/target/dev-stack-$VERSION-exec.jar" "$WORK/data" "$PG_PORT" "$KAFKA_PORT" > "$WORK/logs/dev-stack.log" 2>&1 &
PIDS+=($!)
for (( i=0; i<600; i++ )); do
  grep -q READY "$WORK/logs/dev-stack.log" 2>/dev/null && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { tail -30 "$WORK/logs/dev-stack.log"; exit 1; }
  sleep 0.2
done

start_service() {
  local started=$SECONDS
  # shellcheck disable=SC2086
  java $SERVICE_JAVA_OPTS -jar "$JAR" --spring.profiles.active=local --server.port="$PORT" \
    --spring.config.additional-location="file:$ROOT/config/local/projection-service/" \
    --spring.kafka.bootstrap-servers="localhost:$KAFKA_PORT" \
    --spring.datasource.url="jdbc:postgresql://localhost:$PG_PORT/projection?reWriteBatchedInserts=true" \
    >> "$WORK/logs/projection-service.log" 2>&1 &
  SERVICE=$!
  PIDS+=($SERVICE)
  for (( i=0; i<900; i++ )); do
    curl -fs "http://localhost:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
    kill -0 "$SERVICE" 2>/dev/null || { tail -30 "$WORK/logs/projection-service.log"; exit 1; }
    sleep 0.2
  done
  log "service up in $((SECONDS - started)) s (pid $SERVICE, $JAR); load $(cat /proc/loadavg)"
}

load_tool() {
  java -Xmx1g -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/bench.cp")" \
    io.cardledger.projection.bench.ProjectionBench service="http://localhost:$PORT" bootstrap="localhost:$KAFKA_PORT" \
    jdbc="jdbc:postgresql://localhost:$PG_PORT/projection" servicePid="$SERVICE" "$@"
}

start_service
if [[ ${RESTART_AFTER_SEED:-0} == 1 ]]; then
  # Measure the service as it runs after a start on a database that already holds the wallets (its
  # read-path warm-up then reads them): seed, restart the service, then the phases without re-seeding.
  prefix="bench-$(date +%s)"
  load_tool prefix="$prefix" phases=seed
  kill "$SERVICE"; wait "$SERVICE" 2>/dev/null || true
  log "service stopped; starting it again on the seeded database"
  start_service
  load_tool prefix="$prefix" seeded=true "$@"
else
  load_tool "$@"
fi
