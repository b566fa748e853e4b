package io.cardledger.ledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.Topics;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.LedgerServiceApplication;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.support.Notifications;
import io.cardledger.testing.SharedInfra;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Ledger throughput, end to end inside the ledger: N raw notifications already on Kafka, then the
 * consumer starts and the clock runs until every one is applied (card + wallet events committed
 * in PostgreSQL), and then until the outbox has published every stored event to Kafka.
 * Not a test. Run both modes in one go with bench/ledger-throughput.sh.
 *
 * <p>Args: {@code batch|naive} [notifications] [cards]. PostgreSQL runs with fsync on.
 */
public final class LedgerThroughputBenchmark {
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "batch";
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int cards = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        System.setProperty("cardledger.test.pg.durable", "true");
        SharedInfra infra = SharedInfra.get();
        Map<String, Object> props = new HashMap<>(infra.springProperties("bench_" + mode));
        props.put("spring.datasource.url", props.get("spring.datasource.url") + "?reWriteBatchedInserts=true");
        props.put("spring.kafka.consumer.group-id", "bench-" + UUID.randomUUID());
        props.put("cardledger.ledger.consume", "false");
        props.put("cardledger.ledger.transaction-per-notification", String.valueOf(mode.equals("naive")));
        props.put("server.port", "0");
        props.put("logging.level.root", "WARN");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LedgerServiceApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new))) {
            LedgerOperations ledger = app.getBean(LedgerOperations.class);
            ObjectMapper json = app.getBean(ObjectMapper.class);
            @SuppressWarnings("unchecked")
            KafkaTemplate<String, byte[]> kafka = app.getBean(KafkaTemplate.class);
            MeterRegistry metrics = app.getBean(MeterRegistry.class);
            JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);

            // Setup, not measured: wallets with a card each, funded.
            long t0 = System.nanoTime();
            for (int c = 0; c < cards; c++) {
                ledger.registerWallet("bw-" + c, "u-" + c, "USD", 0);
                ledger.registerCard("bc-" + c, "bw-" + c, "u-" + c, "prepaid", false);
                ledger.payIn("bp-" + c, "bw-" + c, 10_000_000, "USD", "top-up");
            }
            System.out.printf("setup: %d wallets+cards in %.1f s%n", cards, (System.nanoTime() - t0) / 1e9);

            // A realistic mix per card: authorization + confirmation, some reversals, corrections, declines.
            Random random = new Random(42);
            List<CompletableFuture<?>> sends = new ArrayList<>();
            int produced = 0;
            int c11 = 0;
            while (produced < total) {
                String card = "bc-" + random.nextInt(cards);
                String id = String.format("%09d", ++c11);
                long amount = 100 + random.nextInt(20_000);
                List<RawNotification> story = new ArrayList<>();
                story.add(Notifications.of("PeticionAutorizacion", card).amount(amount).c11(id).raw());
                int kind = random.nextInt(10);
                if (kind < 6) {
                    story.add(Notifications.of("TransaccionConfirmada", card).amount(amount).c11(id).raw());
                } else if (kind < 8) {
                    story.add(Notifications.of("ComunicacionAnulacion", card).amount(amount).c11(id).raw());
                } else if (kind < 9) {
                    story.add(Notifications.of("TransaccionCorregidaNegativa", card).amount(amount / 10).c11(id).raw());
                } else {
                    story.add(Notifications.of("NO HAY FONDOS", card).amount(amount).c11("").with("c41TerminalId", id).raw());
                }
                for (RawNotification n : story) {
                    if (produced++ < total) {
                        sends.add(kafka.send(Topics.RAW_NOTIFICATIONS, card, json.writeValueAsBytes(n)));
                    }
                }
            }
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
            long eventsBefore = count(jdbc);

            double applied0 = applied(metrics);
            long start = System.nanoTime();
            app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("ledger-raw-notifications").start();
            while (applied(metrics) - applied0 < total) {
                Thread.sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long events = count(jdbc) - eventsBefore;
            System.out.printf("mode=%s notifications=%d applied in %.2f s = %.0f notifications/s (%d events stored, %.0f events/s)%n",
                    mode, total, seconds, total / seconds, events, events / seconds);

            long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
            while (publishedPosition(jdbc) < head) {
                Thread.sleep(20);
            }
            double published = (System.nanoTime() - start) / 1e9;
            System.out.printf("mode=%s all %d stored events published to Kafka %.2f s after the consumer started%n",
                    mode, count(jdbc), published);
        }
        Runtime.getRuntime().halt(0);
    }

    private static double applied(MeterRegistry metrics) {
        var c = metrics.find("cardledger.ledger.notifications.applied").counter();
        return c == null ? 0 : c.count();
    }

    private static long count(JdbcTemplate jdbc) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }

    /** The outbox processor's token position (GlobalSequenceTrackingToken / GapAwareTrackingToken JSON "index"). */
    private static long publishedPosition(JdbcTemplate jdbc) {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM tokenentry WHERE processorname = 'ledger-publisher'", byte[].class);
        if (tokens.isEmpty() || tokens.get(0) == null) {
            return -1;
        }
        String token = new String(tokens.get(0));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)").matcher(token);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
