package io.cardledger.ingest.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.ingest.web.JsonBodies;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static io.cardledger.ingest.notification.IssuerNotifications.notification;
import static org.assertj.core.api.Assertions.assertThat;

/** The streaming digest must give exactly the id common-events defines, for any body the intake can accept. */
class NotificationIdDigestTest {

    @Test
    void agreesWithNotificationIdsOnIssuerNotifications() {
        for (String type : new String[]{"PeticionAutorizacion", "TransaccionConfirmada", "NO HAY FONDOS"}) {
            ObjectNode body = read(notification("pw", type, "card-" + type.length()).toString());
            body.remove("password");
            assertThat(NotificationIdDigest.of(body)).isEqualTo(NotificationIds.of(body));
        }
    }

    @Test
    void agreesWithNotificationIdsOnBodiesOfEveryShape() {
        Random random = new Random(20260721);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder json = new StringBuilder();
            object(random, json, 0);
            ObjectNode body = read(json.toString());
            body.remove("password");
            assertThat(NotificationIdDigest.of(body)).as(json.toString()).isEqualTo(NotificationIds.of(body));
        }
    }

    @Test
    void nestedPasswordsAreLeftOutAsNotificationIdsDoes() {
        ObjectNode body = read("{\"c1Tipo\":\"x\",\"cExt\":{\"password\":\"a\",\"b\":[{\"password\":1,\"z\":null}]}}");
        ObjectNode other = read("{\"c1Tipo\":\"x\",\"cExt\":{\"password\":\"other\",\"b\":[{\"password\":2,\"z\":null}]}}");

        assertThat(NotificationIdDigest.of(body)).isEqualTo(NotificationIds.of(body)).isEqualTo(NotificationIdDigest.of(other));
    }

    private static ObjectNode read(String json) {
        return JsonBodies.readObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String[] NAMES = {"password", "c1Tipo", "c2CardId", "c4ImporteTransaccion", "B", "a", "Z", "é",
            "c43IdentificadorComercio", "x y", "\\u00e9t\\u00e9", "Password", "_", "10", "9"};

    /** A random JSON object (names and values chosen to stress escaping, numbers and nesting). */
    static void object(Random random, StringBuilder json, int depth) {
        json.append('{');
        int fields = random.nextInt(depth == 0 ? 12 : 5);
        java.util.Set<String> used = new java.util.HashSet<>();
        boolean first = true;
        for (int f = 0; f < fields; f++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            if (!used.add(name)) {
                continue;
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append('"').append(name).append("\":");
            value(random, json, depth + 1);
        }
        json.append('}');
    }

    private static void value(Random random, StringBuilder json, int depth) {
        switch (random.nextInt(depth < 3 ? 12 : 10)) {
            case 0 -> json.append("null");
            case 1 -> json.append(random.nextBoolean());
            case 2 -> json.append(random.nextInt());
            case 3 -> json.append(random.nextLong());
            case 4 -> json.append("123456789012345678901234567890");
            case 5 -> json.append(new String[]{"1.10", "2.50", "-0.0", "1e3", "1.5E-7", "0.000", "3.14159265358979323846"}[random.nextInt(7)]);
            case 6, 7 -> json.append('"').append(new String[]{"", "000000001617", "AMZN Mktp ES", "caf\u00e9 \u20ac",
                    "line\\nbreak \\\"quoted\\\" \\\\ tab\\t", "\\u0000\\u001f ctrl", "emoji \ud83d\ude00", "</script>"}[random.nextInt(8)]).append('"');
            case 8, 9 -> json.append('"').append(Long.toString(random.nextLong(), 36)).append('"');
            case 10 -> object(random, json, depth);
            default -> {
                json.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        json.append(',');
                    }
                    value(random, json, depth + 1);
                }
                json.append(']');
            }
        }
    }
}
