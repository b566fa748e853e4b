package io.cardledger.ledger.model;

import io.cardledger.ledger.application.ManagedAggregates;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilMapping;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.application.KatFacilOperations;
import io.cardledger.ledger.katfacil.KatFacilCard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.notification.NotificationIds;
import io.cardledger.events.notification.NotificationParser;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.card.Card;
import io.cardledger.ledger.wallet.Wallet;
import io.cardledger.ledger.wallet.WalletRefusedException;
import io.cardledger.ledger.wallet.WalletState;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario file of the project (scenarios/shared, the copy of the shared ones, and
 * scenarios/project) through the real Card and Wallet aggregates under Axon, in memory: a fast check
 * of the rulebook against every file on each build. ScenariosIT runs the same files through the
 * running system (HTTP, Kafka, PostgreSQL). Notification bodies are parsed as webhook-ingest parses
 * them; a body ingest refuses must carry an expectStatus of 4xx. KatFacil bodies are read by the
 * default mapping (webhook-ingest's defaults) and applied through the KatFacil card.
 */
class ScenarioFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KatFacilMapping KATFACIL = KatFacilMapping.defaults("USD");

    @TestFactory
    Stream<DynamicTest> everyScenarioFileEndsWithItsExpectedBalances() throws IOException {
        Path root = Path.of(System.getProperty("project.root", ".."));
        List<DynamicTest> tests = new ArrayList<>();
        for (String folder : List.of("scenarios/shared", "scenarios/project")) {
            try (Stream<Path> files = Files.list(root.resolve(folder))) {
                files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(file -> tests.add(
                        DynamicTest.dynamicTest(folder + "/" + file.getFileName(), () -> run(file))));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(28);
        return tests.stream();
    }

    private static void run(Path file) throws IOException {
        JsonNode scenario = JSON.readTree(file.toFile());
        Configuration axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Card.class).configureCache(c -> new WeakReferenceCache()))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Wallet.class).configureCache(c -> new WeakReferenceCache()))
                .configureAggregate(KatFacilCard.class)
                .buildConfiguration();
        axon.start();
        try {
            Clock clock = Clock.fixed(Instant.parse("2026-04-30T00:00:00Z"), ZoneOffset.UTC);
            LedgerOperations ledger = new LedgerOperations(axon.commandGateway(), NoTransactionManager.INSTANCE, axon.eventStore(), clock,
                    new ManagedAggregates(axon));
            KatFacilOperations katFacil = new KatFacilOperations(ledger, axon.commandGateway(), axon.eventStore(), clock);
            io.cardledger.ledger.application.CardAndCreditOperations cards = new io.cardledger.ledger.application.CardAndCreditOperations(
                    ledger, axon.commandGateway(), clock);
            int n = 0;
            for (JsonNode step : scenario.path("steps")) {
                n++;
                String kind = step.fieldNames().next();
                JsonNode body = step.get(kind);
                String refusal = step.path("expectRejected").isMissingNode() ? null : step.path("expectRejected").asText();
                String answer = kind.equals("katfacilEvent") ? katFacil(katFacil, (ObjectNode) body, step) : step(ledger, cards, kind, body, step);
                assertThat(answer).as("%s step %d (%s)", file.getFileName(), n, kind).isEqualTo(refusal);
            }
            for (Map.Entry<String, JsonNode> wallet : scenario.path("expect").path("wallets").properties()) {
                WalletState s = ledger.wallet(wallet.getKey());
                assertThat(List.of(s.availableMinor(), s.withheldMinor())).as("%s wallet %s", file.getFileName(), wallet.getKey())
                        .isEqualTo(List.of(wallet.getValue().path("available").asLong(), wallet.getValue().path("withheld").asLong()));
            }
        } finally {
            axon.shutdown();
        }
    }

    /** Runs one step; answers the refusal's title, or null when it was recorded. */
    private static String step(LedgerOperations ledger, io.cardledger.ledger.application.CardAndCreditOperations cards, String kind,
                               JsonNode b, JsonNode step) throws IOException {
        try {
            switch (kind) {
                case "registerWallet" -> ledger.registerWallet(b.path("walletId").asText(), b.path("userId").asText(),
                        b.path("currency").asText(), b.path("walletType").asInt());
                case "registerCard" -> ledger.registerCard(b.path("cardId").asText(), b.path("walletId").asText(),
                        b.path("userId").asText(), b.path("product").asText(), b.path("physical").asBoolean());
                case "payIn" -> ledger.payIn(b.path("id").asText(), b.path("walletIdTo").asText(), b.path("amount").asLong(),
                        b.path("currency").asText(), b.path("statement").asText());
                case "payOut" -> ledger.payOut(b.path("id").asText(), b.path("walletIdFrom").asText(), b.path("amount").asLong(),
                        b.path("currency").asText(), b.path("statement").asText());
                case "transfer" -> ledger.transfer(b.path("id").asText(), b.path("walletIdFrom").asText(),
                        b.path("walletIdTo").asText(), b.path("amount").asLong(), b.path("currency").asText(),
                        b.path("statement").asText());
                case "notification", "rawNotification" -> notification(ledger, kind.equals("notification") ? (ObjectNode) b
                        : (ObjectNode) JSON.readTree(b.asText()), step);
                default -> {
                    if (!ParityModelSteps.run(cards, kind, b)) {
                        throw new IllegalArgumentException("unknown step " + kind);
                    }
                }
            }
            return null;
        } catch (WalletRefusedException e) {
            return e.reason().title();
        } catch (io.cardledger.ledger.card.CardRefusedException e) {
            return e.reason().title();
        }
    }

    /** A KatFacil body as webhook-ingest reads it by default: no event name is a 400, anything else is applied. */
    private static String katFacil(KatFacilOperations katFacil, ObjectNode body, JsonNode step) {
        String name = KatFacilMapping.eventName(body);
        assertThat(name == null).as("a KatFacil body without an event name must expect a 4xx")
                .isEqualTo(step.path("expectStatus").asInt(200) >= 400);
        if (name != null) {
            KatFacilEvent event = KATFACIL.read(name, body);
            katFacil.record(List.of(new RawKatFacilEvent(RawKatFacilEvent.SCHEMA_VERSION, RawKatFacilEvent.keyOf(event.eventId(), body),
                    Instant.parse("2026-04-30T00:00:00Z"), event, body)));
        }
        return null;
    }

    private static void notification(LedgerOperations ledger, ObjectNode body, JsonNode step) {
        int expectStatus = step.path("expectStatus").asInt(200);
        ObjectNode stored = body.deepCopy();
        stored.remove(NotificationParser.PASSWORD_FIELD);
        if (expectStatus >= 400) {
            return;
        }
        RawNotification raw = new RawNotification(RawNotification.SCHEMA_VERSION, NotificationIds.of(stored),
                Instant.parse("2026-04-30T00:00:00Z"), NotificationParser.parse(stored), stored);
        ledger.recordNotifications(List.of(raw));
    }
}
