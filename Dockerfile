# One image per service: docker build --build-arg SERVICE=ledger-service -t card-ledger/ledger-service .
# Build the jars first (./mvnw -DskipTests package); the image only copies the service's executable jar.
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN useradd --system --uid 10001 cardledger
COPY ${SERVICE}/target/${SERVICE}-0.1.0-SNAPSHOT-exec.jar /app/service.jar
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/service.jar"]
