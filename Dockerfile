# One image per service: docker build --build-arg SERVICE=ledger-service -t card-ledger/ledger-service .
# Build the jars first (./mvnw -DskipTests package); the image only copies the service's executable jar.
# The image runs as uid/gid 10001 and writes nothing outside /tmp, so it runs with a read-only root
# filesystem (Kubernetes mounts an emptyDir on /tmp; see deploy/).
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN groupadd --system --gid 10001 cardledger \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin cardledger
WORKDIR /app
COPY ${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /app/service.jar
USER 10001:10001
# A JVM out of heap exits (and is restarted) instead of staying up answering nothing.
# JAVA_TOOL_OPTIONS in deploy/ repeats these flags for images built elsewhere.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=70", "-Djava.io.tmpdir=/tmp", "-jar", "/app/service.jar"]
