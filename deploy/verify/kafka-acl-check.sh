#!/usr/bin/env bash
# Checks deploy/'s Kafka security against a real broker, without Docker or a cluster: a single-node
# KRaft broker (Kafka 3.9.2 from Maven jars) with a SASL_SSL listener, SCRAM-SHA-512 and the standard
# authorizer; then KafkaAclCheck.java creates the topics, users and ACLs of the production overlay and
# connects as each service with the settings Spring builds from its application.yml plus the
# production profile, checking what each may and may not do.
#   deploy/verify/kafka-acl-check.sh            (ports 29093 and 29095; KAFKA_CHECK_PORT / _CONTROLLER_PORT)
# Needs java 17+, openssl, and the Maven repository (./mvnw resolves the jars; -o works once cached).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
port=${KAFKA_CHECK_PORT:-29093}
controller=${KAFKA_CHECK_CONTROLLER_PORT:-29095}
work=$(mktemp -d -t card-ledger-kafka-check.XXXXXX)
broker=""
cleanup() {
  if [[ -n "$broker" ]]; then kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cat > "$work/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.5.16</version>
    <relativePath/>
  </parent>
  <groupId>io.cardledger.verify</groupId>
  <artifactId>kafka-acl-check</artifactId>
  <version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId></dependency>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-autoconfigure</artifactId></dependency>
    <dependency><groupId>org.springframework.kafka</groupId><artifactId>spring-kafka</artifactId></dependency>
    <dependency><groupId>ch.qos.logback</groupId><artifactId>logback-classic</artifactId></dependency>
    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>
  </dependencies>
</project>
POM
(cd "$work" && "$repo/mvnw" -q -B ${MVN_OFFLINE:+-o} dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp=$(cat "$work/cp.txt")
cat > "$work/logback.xml" <<'LOG'
<configuration>
  <appender name="E" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss} %-5level %logger{20} %msg%n</pattern></encoder></appender>
  <root level="ERROR"><appender-ref ref="E"/></root>
</configuration>
LOG

# A throw-away CA and a broker certificate for localhost.
mkdir "$work/pki"
(cd "$work/pki"
 openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 1 -subj "/CN=card-ledger check CA" 2>/dev/null
 openssl req -newkey rsa:2048 -nodes -keyout broker.key -out broker.csr -subj "/CN=localhost" 2>/dev/null
 printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
 openssl x509 -req -in broker.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out broker.crt -days 1 -extfile san.ext 2>/dev/null
 openssl pkcs12 -export -in broker.crt -inkey broker.key -certfile ca.crt -out broker.p12 -passout pass:changeit)

admin_password=$(openssl rand -hex 16)
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=SASL_SSL://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=SASL_SSL://localhost:$port
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
ssl.keystore.location=$work/pki/broker.p12
ssl.keystore.password=changeit
ssl.keystore.type=PKCS12
ssl.truststore.location=$work/pki/ca.crt
ssl.truststore.type=PEM
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
# admin: the check's set-up; ANONYMOUS: the controller listener on loopback only.
super.users=User:admin;User:ANONYMOUS
allow.everyone.if.no.acl.found=false
log.dirs=$work/data
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
PROPS
java -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" kafka.tools.StorageTool format \
  -t "$(java -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" kafka.tools.StorageTool random-uuid)" \
  -c "$work/server.properties" --add-scram "SCRAM-SHA-512=[name=admin,password=$admin_password]" >/dev/null
java -Xmx384m -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" kafka.Kafka "$work/server.properties" > "$work/broker.log" 2>&1 &
broker=$!
for _ in $(seq 1 60); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  kill -0 "$broker" 2>/dev/null || { cat "$work/broker.log" >&2; echo "the broker did not start" >&2; exit 1; }
  sleep 1
done
java -cp "$cp" -Dlogback.configurationFile="$work/logback.xml" "$repo/deploy/verify/KafkaAclCheck.java" \
  "$repo" "localhost:$port" "$work/pki/ca.crt" "$admin_password" 2>/dev/null
