#!/usr/bin/env bash
# Runs the three services with deploy/'s production settings on this machine, without Docker or a
# cluster, and drives them: the `production` Spring profile from deploy/overlays/production, Kafka over
# SASL_SSL with one SCRAM user per service and the overlay's ACLs (a KRaft broker from the Maven jars,
# as kafka-acl-check.sh), PostgreSQL 15+ initialised with deploy/postgres-init.sql (runtime roles for
# the pools, Flyway as the owner roles with deploy/base/flyway's callbacks), JAVA_TOOL_OPTIONS as in
# the manifests. Then: the shared scenarios through the stack, two projection rebuilds as analyst, and
# a search of every log for refused privileges.
#   ./mvnw -DskipTests package && deploy/verify/production-stack.sh
# Ports 29080-29082 (services), 29093/29095 (broker), 29432 (PostgreSQL). Needs initdb/pg_ctl/psql on
# the PATH (as root they run as the `postgres` user), openssl, java 17+. MVN_OFFLINE=1 for -o.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -t card-ledger-stack.XXXXXX)
chmod 755 "$work"
pids=()
pg_started=""
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [[ -n "$pg_started" ]] && as_pg pg_ctl -D "$work/pg" stop -m fast >/dev/null 2>&1 || true
  cp "$work/pg/server.log" "$work/logs/postgres.log" 2>/dev/null || true
  echo "logs kept in $work/logs"; rm -rf "$work/pg" "$work/data"
}
trap cleanup EXIT
mkdir "$work/logs"
for s in webhook-ingest ledger-service projection-service; do
  [[ -f "$repo/$s/target/$s-0.1.0-SNAPSHOT-exec.jar" ]] || { echo "build first: ./mvnw -DskipTests package ($s missing)" >&2; exit 2; }
done
runner="$repo/scenario-runner/target/scenario-runner-0.1.0-SNAPSHOT-exec.jar"
[[ -f "$runner" ]] || { echo "build first: ./mvnw -DskipTests package (scenario-runner missing)" >&2; exit 2; }
rnd() { openssl rand -hex 16; }

# --- Kafka: the same broker as kafka-acl-check.sh ------------------------------------------------
sed -n '/^cat > "\$work\/pom.xml"/,/^POM$/p' "$repo/deploy/verify/kafka-acl-check.sh" > "$work/pom.sh"
source "$work/pom.sh"
(cd "$work" && "$repo/mvnw" -q -B ${MVN_OFFLINE:+-o} dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp=$(cat "$work/cp.txt")
printf '<configuration><appender name="E" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target><encoder><pattern>%%d{HH:mm:ss} %%-5level %%logger{20} %%msg%%n</pattern></encoder></appender><root level="ERROR"><appender-ref ref="E"/></root></configuration>\n' > "$work/logback.xml"
mkdir "$work/pki"
(cd "$work/pki"
 openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj "/CN=card-ledger check CA" 2>/dev/null
 openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj "/CN=localhost" 2>/dev/null
 printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
 openssl x509 -req -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out broker.crt -days 1 -extfile san.ext 2>/dev/null
 openssl pkcs12 -export -in broker.crt -inkey broker.key -certfile ca.crt -out broker.p12 -passout pass:changeit)
admin_password=$(rnd)
sed -n '/^cat > "\$work\/server.properties" <<PROPS$/,/^PROPS$/p' "$repo/deploy/verify/kafka-acl-check.sh" > "$work/props.sh"
port=29093 controller=29095
source "$work/props.sh"
java -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" kafka.tools.StorageTool format \
  -t "$(java -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" kafka.tools.StorageTool random-uuid)" \
  -c "$work/server.properties" --add-scram "SCRAM-SHA-512=[name=admin,password=$admin_password]" >/dev/null
java -Xmx384m -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" kafka.Kafka "$work/server.properties" > "$work/logs/broker.log" 2>&1 &
pids+=($!)

# --- PostgreSQL ----------------------------------------------------------------------------------
mkdir "$work/pg" && chown "$( [[ $(id -u) -eq 0 ]] && echo postgres || id -un)" "$work/pg"
as_pg initdb -D "$work/pg" -U postgres --auth-local=trust --auth-host=scram-sha-256 >/dev/null
as_pg pg_ctl -D "$work/pg" -o "-p 29432 -k $work/pg -c listen_addresses=127.0.0.1" -l "$work/pg/server.log" start >/dev/null
pg_started=1
declare -A dbpw=([ledger_owner]=$(rnd) [ledger_app]=$(rnd) [projection_owner]=$(rnd) [projection_app]=$(rnd) [ledger_analyst]=$(rnd))
psql -h "$work/pg" -p 29432 -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
  -v ledger_owner_password="${dbpw[ledger_owner]}" -v ledger_app_password="${dbpw[ledger_app]}" \
  -v projection_owner_password="${dbpw[projection_owner]}" -v projection_app_password="${dbpw[projection_app]}" -v ledger_analyst_password="${dbpw[ledger_analyst]}" \
  -f "$repo/deploy/postgres-init.sql" > "$work/logs/postgres-init.log" 2>&1

for _ in $(seq 1 90); do (exec 3<>/dev/tcp/127.0.0.1/29093) 2>/dev/null && break; sleep 1; done
java -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" "$repo/deploy/verify/KafkaAclCheck.java" \
  "$repo" localhost:29093 "$work/pki/ca.crt" "$admin_password" --set-up-only 2>/dev/null | grep = > "$work/kafka-users"

# --- the services, as the manifests configure them ------------------------------------------------
service_token=$(rnd) analyst_token=$(rnd) webhook_password=$(rnd) kyc_secret=$(rnd) katfacil_secret=$(rnd)
start() { # service port
  local svc=$1 db=""
  case $svc in ledger-service) db=ledger;; projection-service) db=projection;; esac
  (
    export SPRING_PROFILES_ACTIVE=production SPRING_CONFIG_ADDITIONAL_LOCATION="file:$repo/deploy/overlays/production/"
    export SPRING_KAFKA_BOOTSTRAP_SERVERS=localhost:29093 SPRING_KAFKA_SSL_TRUST_STORE_LOCATION="file:$work/pki/ca.crt"
    export KAFKA_USERNAME="card-ledger-$svc" KAFKA_PASSWORD="$(grep "^card-ledger-$svc=" "$work/kafka-users" | cut -d= -f2)"
    export JAVA_TOOL_OPTIONS="-XX:+ExitOnOutOfMemoryError -XX:MaxRAMPercentage=70 -Xmx512m"
    export SERVER_PORT=$2 CARDLEDGER_TOPICS_PARTITIONS=3 CARDLEDGER_TOPICS_REPLICATION_FACTOR=1 CARDLEDGER_TOPICS_MIN_INSYNC_REPLICAS=1 CARDLEDGER_PROJECTION_WARM_UP_REQUESTS=0
    export CARDLEDGER_SERVICE_TOKEN=$service_token CARDLEDGER_ANALYST_TOKEN=$analyst_token
    export PAYCADDY_WEBHOOK_PASSWORD=$webhook_password PAYCADDY_KYC_SECRET=$kyc_secret KATFACIL_WEBHOOK_SECRET=$katfacil_secret
    if [[ -n $db ]]; then
      export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:29432/$db?reWriteBatchedInserts=true"
      export SPRING_DATASOURCE_USERNAME=${db}_app SPRING_DATASOURCE_PASSWORD=${dbpw[${db}_app]}
      [[ $db == ledger ]] && export CARDLEDGER_ANALYST_DATASOURCE_USERNAME=ledger_analyst CARDLEDGER_ANALYST_DATASOURCE_PASSWORD=${dbpw[ledger_analyst]}
      export SPRING_FLYWAY_USER=${db}_owner SPRING_FLYWAY_PASSWORD=${dbpw[${db}_owner]}
      export SPRING_FLYWAY_LOCATIONS="classpath:db/migration,filesystem:$repo/deploy/base/flyway/$db"
    fi
    cd "$work" && exec java -jar "$repo/$svc/target/$svc-0.1.0-SNAPSHOT-exec.jar"
  ) > "$work/logs/$svc.log" 2>&1 &
  pids+=($!)
}
start webhook-ingest 29080; start ledger-service 29081; start projection-service 29082
for p in 29080 29081 29082; do
  for i in $(seq 1 120); do
    curl -s -m 20 "localhost:$p/actuator/health" | grep -q '"status":"UP"' && break
    [[ $i -eq 120 ]] && { echo "port $p not healthy after 10 minutes" >&2; exit 1; }
    sleep 5
  done
done
echo "stack healthy"
# The ingest's producer connects (TLS + SCRAM) on its first publish: do that before the scenarios.
for _ in $(seq 1 30); do
  code=$(curl -s -m 20 -o /dev/null -w '%{http_code}' -X POST -H "X-Webhook-Secret: $kyc_secret" -H 'Content-Type: application/json' \
    -d '{"metadata":{"userId":"stack-check-warm-up"},"status":"PENDING"}' localhost:29080/webhooks/paycaddy/kyc || true)
  [[ $code == 200 ]] && break; sleep 2
done

status=0
java -jar "$runner" --ingest=http://localhost:29080 --ledger=http://localhost:29081 --projection=http://localhost:29082 \
  --password="$webhook_password" --token="$service_token" --analyst-token="$analyst_token" --timeout-seconds=60 \
  "$repo/scenarios/shared" || status=1
for n in 1 2; do
  curl -s -m 30 -o /dev/null -X POST -H "Authorization: Bearer $analyst_token" localhost:29082/api/v1/analyst/rebuilds || true
  phase=""
  for _ in $(seq 1 60); do
    sleep 5
    phase=$(curl -s -m 20 -H "Authorization: Bearer $analyst_token" localhost:29082/api/v1/analyst/rebuilds/latest | grep -o '"phase":"[A-Z]*"' || true)
    [[ $phase == *DONE* || $phase == *FAILED* ]] && break
  done
  echo "rebuild $n: $phase"; [[ $phase == *DONE* ]] || status=1
done
if grep -lE 'permission denied|must be owner|AuthorizationException' "$work"/logs/*-service.log "$work"/logs/webhook-ingest.log; then
  echo "refused privileges in the logs above" >&2; status=1
fi
echo "owners in projection:"; psql -h "$work/pg" -p 29432 -U postgres -d projection -tAc \
  "SELECT tableowner, string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public' GROUP BY 1"
[[ $status -eq 0 ]] && echo "PRODUCTION STACK CHECK PASSED" || echo "PRODUCTION STACK CHECK FAILED"
exit $status
