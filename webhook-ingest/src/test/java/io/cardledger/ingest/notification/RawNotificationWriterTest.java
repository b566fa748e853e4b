package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.NotificationParser;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ingest.web.JsonBodies;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Random;

import static io.cardledger.ingest.notification.IssuerNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written envelope writer must produce the raw log's format byte for byte: the bean writer's output. */
class RawNotificationWriterTest {
    private static final String[] TYPES = {"PeticionAutorizacion", "TransaccionConfirmada", "NO HAY FONDOS", "caf\u00e9 \"x\""};

    @Test
    void writesWhatTheBeanWriterWritesForIssuerNotifications() throws Exception {
        Random random = new Random(20261123);
        for (int i = 0; i < 5_000; i++) {
            ObjectNode body = notification(null, TYPES[random.nextInt(TYPES.length)], "card-" + i);
            if (random.nextBoolean()) {
                body.put("c7FechaHoraTransaccion", issuerTime(random));
            }
            if (random.nextInt(4) == 0) {
                body.remove("BDateUtcCreate");
            }
            if (random.nextInt(4) == 0) {
                body.put("isExpiration", true).put("IdCadena", "cadena \u20ac").put("c22Descripcion", "line\nbreak");
            }
            CardNotification parsed = NotificationParser.parse(body);
            RawNotification raw = new RawNotification(RawNotification.SCHEMA_VERSION, "n-" + i, instant(random), parsed, body);

            assertSameBytes(raw);
        }
    }

    @Test
    void writesWhatTheBeanWriterWritesForBodiesOfEveryShape() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder json = new StringBuilder();
            NotificationIdDigestTest.object(random, json, 0);
            ObjectNode body = JsonBodies.readObject(json.toString().getBytes(StandardCharsets.UTF_8));
            CardNotification parsed = new CardNotification(null, "c", null, random.nextLong(), null, null, "", null, null,
                    "", null, null, null, null, null, null, false, random.nextBoolean(), false);
            RawNotification raw = new RawNotification(RawNotification.SCHEMA_VERSION, "n-" + i, instant(random), parsed, body);

            assertSameBytes(raw);
        }
    }

    @Test
    void writesTimesAsTheJavaTimeModuleDoes() throws Exception {
        int[] nanos = {0, 1, 10, 100_000, 120_000_000, 123_000_000, 123_400_000, 123_456_000, 123_456_700, 999_999_999};
        Instant[] instants = {Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("2026-11-23T16:00:00Z")};
        for (Instant base : instants) {
            for (int n : nanos) {
                Instant t = base.plusNanos(n);
                LocalDateTime local = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), java.time.ZoneOffset.UTC);
                CardNotification parsed = new CardNotification("t", "c", "000000", 1, local, t, "", null, null, "", null, null,
                        null, null, null, null, false, false, false);

                assertSameBytes(new RawNotification(1, "n-x", t, parsed, JsonBodies.readObject("{}".getBytes(StandardCharsets.UTF_8))));
            }
        }
    }

    private static void assertSameBytes(RawNotification raw) throws Exception {
        String expected = new String(RawNotificationWriter.BEAN_WRITER.writeValueAsBytes(raw), StandardCharsets.UTF_8);
        assertThat(new String(RawNotificationWriter.write(raw), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    private static Instant instant(Random random) {
        long seconds = random.nextLong(Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(), Instant.parse("2100-01-01T00:00:00Z").getEpochSecond());
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static String issuerTime(Random random) {
        return String.format("%04d%02d%02d%02d%02d%02d", 1990 + random.nextInt(80), 1 + random.nextInt(12), 1 + random.nextInt(28),
                random.nextInt(24), random.nextInt(60), random.nextInt(60));
    }
}
