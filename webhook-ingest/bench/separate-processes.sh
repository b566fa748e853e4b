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
# INGEST_BENCH_PG_PORT (25432), DEVSTACK_JAR, INGEST_BENCH_DATA_PARENT (/tmp; where the broker's throw-away data directory goes), BROKER_JAVA_OPTS, GENERATOR_JAVA_OPTS. Run it under `flock /tmp/cardledger-bench.lock` on a shared machine.
# DIAG_DIR=dir keeps, for finding latency stalls: GC + safepoint logs of all three JVMs (wall-clock time stamps),
# a JFR recording of the service and the broker from JVM start (default settings: GC, safepoints, file and
# socket I/O >= 20 ms, monitor waits >= 20 ms), `vmstat -t 1`, `top` every 5 s, and the broker's log.
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=0.1.0-SNAPSHOT
PORT=${INGEST_BENCH_PORT:-18080}
KAFKA_PORT=${INGEST_BENCH_KAFKA_PORT:-29092}
PG_PORT=${INGEST_BENCH_PG_PORT:-25432}
DATA=$(mktemp -d "${INGEST_BENCH_DATA_PARENT:-/tmp}/ingest-bench.XXXXXX")
PIDS=()

stop_all() {
  for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
  [ -n "${DIAG_DIR:-}" ] && cp "$DATA"/*.log "$DIAG_DIR"/ 2>/dev/null
  rm -rf "$DATA"
}
trap stop_all EXIT INT TERM

DIAG_BROKER=() DIAG_SERVICE=() DIAG_GENERATOR=()
if [ -n "${DIAG_DIR:-}" ]; then
  mkdir -p "$DIAG_DIR"
  DIAG_DIR=$(cd "$DIAG_DIR" && pwd)
  gclog() { echo "-Xlog:gc,gc+cpu,safepoint:file=$DIAG_DIR/$1-gc.log:time,uptime,level,tags"; }
  jfr() { echo "-XX:StartFlightRecording=settings=default,filename=$DIAG_DIR/$1.jfr,dumponexit=true"; }
  cat > "$DIAG_DIR/broker-logback.xml" <<'XML'
<configuration>
  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
  </appender>
  <logger name="io.cardledger" level="INFO"/>
  <logger name="kafka" level="INFO"/>
  <logger name="org.apache.kafka" level="INFO"/>
  <root level="WARN"><appender-ref ref="OUT"/></root>
</configuration>
XML
  DIAG_BROKER=("$(gclog broker)" "$(jfr broker)" "-Dlogback.configurationFile=$DIAG_DIR/broker-logback.xml")
  DIAG_SERVICE=("$(gclog service)" "$(jfr service)")
  DIAG_GENERATOR=("$(gclog generator)")
  vmstat -t 1 > "$DIAG_DIR/vmstat.log" &
  PIDS+=($!)
  # What else had the CPUs: the 15 busiest processes every 5 s.
  top -b -d 5 -w 200 -c -o %CPU | awk '/^top -/ {n = 0} n++ < 22 {print; fflush()}' > "$DIAG_DIR/top.log" &
  PIDS+=($!)
fi

echo "$(date +%T) $(uptime)"
# shellcheck disable=SC2086
# The broker's JVM options are the ones ./ledger up uses.
java -Xms1g -Xmx1g -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 "${DIAG_BROKER[@]}" ${BROKER_JAVA_OPTS:-} -jar "${DEVSTACK_JAR:-dev-stack/target/dev-stack-$VERSION-exec.jar}" "$DATA" "$PG_PORT" "$KAFKA_PORT" > "$DATA/dev-stack.log" 2>&1 &
BROKER=$!
PIDS+=($BROKER)
for _ in $(seq 1 300); do grep -q READY "$DATA/dev-stack.log" && break; sleep 0.2; done
grep -q READY "$DATA/dev-stack.log" || { tail -30 "$DATA/dev-stack.log"; exit 1; }

# shellcheck disable=SC2086
echo "service: ${SERVICE_JAVA_OPTS:-} ${SERVICE_ARGS:-}"
java -Xms512m -Xmx768m "${DIAG_SERVICE[@]}" ${SERVICE_JAVA_OPTS:-} -jar "${SERVICE_JAR:-webhook-ingest/target/webhook-ingest-$VERSION-exec.jar}" \
  --server.port="$PORT" --spring.kafka.bootstrap-servers=localhost:"$KAFKA_PORT" \
  --cardledger.ingest.webhook-password=bench-password --cardledger.ingest.kyc-secret=bench-kyc-secret --cardledger.katfacil.secret=bench-katfacil-secret --logging.level.root=WARN \
  --cardledger.topics.create=true --cardledger.topics.replication-factor=1 --cardledger.topics.min-insync-replicas=1 ${SERVICE_ARGS:-} > "$DATA/service.log" 2>&1 &
SERVICE=$!
PIDS+=($SERVICE)
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q UP && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/actuator/health" | grep -q UP || { tail -30 "$DATA/service.log"; exit 1; }
echo "$(date +%T) broker pid $BROKER (dev-stack, Kafka + idle PostgreSQL), service pid $SERVICE on $PORT"

# shellcheck disable=SC2086
java -Xms512m -Xmx512m "${DIAG_GENERATOR[@]}" ${GENERATOR_JAVA_OPTS:-} \
  -cp webhook-ingest/target/test-classes:webhook-ingest/target/classes:"$(cat webhook-ingest/target/bench.cp)" \
  io.cardledger.ingest.bench.IngestLoadGenerator --url="http://127.0.0.1:$PORT" --password=bench-password \
  --pids="service:$SERVICE,broker:$BROKER" "$@"
if [ -n "${DIAG_DIR:-}" ]; then
  jcmd "$BROKER" GC.class_histogram 2>&1 | head -30 > "$DIAG_DIR/broker-histogram.txt" || true
  jcmd "$SERVICE" GC.class_histogram 2>&1 | head -30 > "$DIAG_DIR/service-histogram.txt" || true
fi
curl -fs "http://127.0.0.1:$PORT/actuator/prometheus" | grep -E '^(http_server_requests_seconds_(count|sum)|cardledger_ingest_kafka_publish_seconds_(count|sum))' || true
echo "$(date +%T) $(uptime)"
