package io.cardledger.scenarios;

import io.cardledger.testing.SharedInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end through the three services: a notification carrying the public test PANs of every
 * scheme (plus CVV, PIN and OTP, nested) is recorded by the ledger and projected, and then none of
 * those PANs is found anywhere: not in any Kafka topic (raw notifications, ledger events, KYC), not
 * in any table of the ledger's event store nor of the projection's database.
 */
class CardDataNeverStoredIT {
    private static final List<String> TEST_PANS = List.of("4111111111111111", "5555555555554444", "2223003122003222",
            "378282246310005", "6011111111111117", "3530111333300000", "30569309025904", "6200000000000005");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aPanSentInANotificationIsFoundNowhereInKafkaOrPostgresql() throws Exception {
        Target target = RunningSystem.get().target();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String wallet = "w-pan-" + run;
        String card = "c-pan-" + run;
        E2eCalls.fundedCard(target, wallet, card, "u-pan", "pi-pan-" + run, 100_000);

        StringBuilder history = new StringBuilder();
        for (String pan : TEST_PANS.subList(3, TEST_PANS.size())) {
            history.append(history.isEmpty() ? "" : ",").append("{\"cardNumber\":\"").append(pan).append("\",\"note\":\"seen ")
                    .append(dashed(pan)).append("\"}");
        }
        String notification = """
                {"password":"%s","c1Tipo":"PeticionAutorizacion","c2CardId":"%s","c3CodigoProceso":"000000",
                 "c4ImporteTransaccion":"000000001617","c7FechaHoraTransaccion":"20260429052901","BDateUtcCreate":"20260429032901",
                 "c11NumeroIdentificativoTransaccion":"%s","c18CodigoActividadEstablecimiento":"5999","c19CodigoPaisAdquirente":"442",
                 "c38NumeroAutorizacion":"040031","c41TerminalId":"00227759","c42Comercio":"227759000156182",
                 "c43IdentificadorComercio":"Shop","c22Descripcion":"paid with %s",
                 "pan":"%s","tarjeta":{"numeroTarjeta":"%s","CVV":"737","auth":{"PIN":"4321","otp":"918273"}},"history":[%s]}"""
                .formatted(target.webhookPassword(), card, String.format("%09d", Math.abs(run.hashCode()) % 1_000_000_000),
                        spaced(TEST_PANS.get(0)), TEST_PANS.get(1), TEST_PANS.get(2), history);
        HttpResponse<String> stored = HTTP.send(HttpRequest.newBuilder(target.ingest().resolve("/webhooks/paycaddy/notifications"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(notification)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);

        // Recorded by the ledger and projected: it went through the event store and ledger-events.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        HttpResponse<String> authorizations;
        do {
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            authorizations = E2eCalls.call("GET", target.projection(), "/api/v1/cards/" + card + "/authorizations", target.token(), null);
        } while ((authorizations.statusCode() != 200 || !authorizations.body().contains("040031")) && System.nanoTime() < deadline);
        assertThat(authorizations.body()).contains("040031");

        String kafka = everyKafkaRecord();
        assertThat(kafka).contains(card);
        String postgres = everyRow("e2e_ledger") + everyRow("e2e_projection");
        assertThat(postgres).contains(card);
        for (String pan : TEST_PANS) {
            for (String form : List.of(pan, spaced(pan), dashed(pan))) {
                assertThat(kafka).as("Kafka").doesNotContain(form);
                assertThat(postgres).as("PostgreSQL").doesNotContain(form);
            }
        }
        assertThat(kafka + postgres).doesNotContainPattern(asANumber("918273")).doesNotContainIgnoringCase("numeroTarjeta")
                .doesNotContain(target.webhookPassword());
    }

    /**
     * A short secret (an OTP) as a number of its own: its six digits occur by chance inside longer numbers of a
     * whole database (an id's hash, a timestamp), which a plain substring search would take for a leak.
     */
    static String asANumber(String digits) {
        return "(?<![0-9])" + digits + "(?![0-9])";
    }

    /** Every record value and key of every topic (internal ones aside), as UTF-8. */
    static String everyKafkaRecord() throws Exception {
        String servers = SharedInfra.get().bootstrapServers();
        List<String> topics;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            topics = admin.listTopics().names().get().stream().filter(t -> !t.startsWith("__")).toList();
        }
        StringBuilder all = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (r.key() != null) {
                        all.append(new String(r.key(), StandardCharsets.UTF_8)).append('\n');
                    }
                    if (r.value() != null) {
                        all.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                });
            }
        }
        return all.toString();
    }

    private static final Pattern BYTEA = Pattern.compile("\\\\\\\\x([0-9a-f]+)|\\\\x([0-9a-f]+)");

    /** Every row of every table of the public schema, as text, with bytea columns decoded as UTF-8. */
    static String everyRow(String database) throws Exception {
        SharedInfra infra = SharedInfra.get();
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(database), infra.username(), infra.password());
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (r.next()) {
                    tables.add(r.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet r = s.executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (r.next()) {
                        all.append(decodeBytea(r.getString(1))).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    private static String decodeBytea(String row) {
        Matcher m = BYTEA.matcher(row);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String hex = m.group(1) != null ? m.group(1) : m.group(2);
            String decoded = hex.length() % 2 == 0 ? new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8) : hex;
            m.appendReplacement(out, Matcher.quoteReplacement(decoded));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String spaced(String pan) {
        return pan.replaceAll("(\\d{4})(?=\\d)", "$1 ");
    }

    private static String dashed(String pan) {
        return pan.replaceAll("(\\d{4})(?=\\d)", "$1-");
    }
}
