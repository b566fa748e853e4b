package io.cardledger.ledger.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.card.Card;
import io.cardledger.ledger.wallet.Wallet;
import io.cardledger.ledger.wallet.WalletState;
import io.cardledger.testing.model.GeneratedStream;
import io.cardledger.testing.model.Note;
import io.cardledger.testing.model.Streams;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Card and Wallet aggregates, through real Axon command handling (in-memory event store
 * for speed), against the reference model of rulebook v1 in test-support: random streams of
 * authorizations, settlements, reversals, MoneySend, refunds, declines and unknown types, shuffled,
 * partly redelivered, with the card registered late. A failing stream is written as a scenario
 * file under target/counterexamples, ready to become a regression case in scenarios/project.
 */
class LedgerModelProperties {
    private static Configuration axon;
    private static LedgerOperations ledger;
    private static final AtomicLong ids = new AtomicLong();

    @BeforeContainer
    static void startAxon() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                // Cached as in production; also spares the in-memory store's scan of every event on each load.
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Card.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Wallet.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .buildConfiguration();
        axon.start();
        ledger = new LedgerOperations(axon.commandGateway(), axon.repository(Card.class), axon.repository(Wallet.class),
                NoTransactionManager.INSTANCE, new org.axonframework.messaging.correlation.MessageOriginProvider(), axon.eventStore(),
                Clock.fixed(Instant.parse("2026-04-30T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterContainer
    static void stopAxon() {
        axon.shutdown();
    }

    @Provide
    Arbitrary<GeneratedStream> streams() {
        return Streams.streams(12);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void theLedgerAgreesWithTheModel(@ForAll("streams") GeneratedStream stream) throws Exception {
        WalletState wallet = run(stream);

        long[] expected = stream.expectedBalance();
        if (wallet.availableMinor() != expected[0] || wallet.withheldMinor() != expected[1]) {
            writeCounterexample(stream);
        }
        assertThat(new long[]{wallet.availableMinor(), wallet.withheldMinor()}).as(stream.toString()).containsExactly(expected);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void finalBalancesDoNotDependOnArrivalOrder(@ForAll("streams") GeneratedStream stream, @ForAll long otherOrder) {
        GeneratedStream reordered = new GeneratedStream(stream.payInMinor(), stream.stories(), otherOrder,
                stream.duplicates(), stream.registerCardAfter());

        WalletState one = run(stream);
        WalletState other = run(reordered);

        assertThat(other.availableMinor()).isEqualTo(one.availableMinor());
        assertThat(other.withheldMinor()).isEqualTo(one.withheldMinor());
    }

    /** Feeds the stream to the ledger; half the streams one notification per unit of work, half in one batch. */
    private static WalletState run(GeneratedStream stream) {
        long n = ids.incrementAndGet();
        String walletId = "w-" + n;
        String cardId = "c-" + n;
        ledger.registerWallet(walletId, "u-1", "USD", 0);
        if (stream.payInMinor() > 0) {
            ledger.payIn("pi-" + n, walletId, stream.payInMinor(), "USD", "top-up");
        }
        List<Note> arrivals = stream.arrivals();
        int registration = stream.registrationIndex();
        boolean batched = (stream.permutationSeed() & 1) == 0;
        List<RawNotification> pending = new ArrayList<>();
        for (int i = 0; i <= arrivals.size(); i++) {
            if (i == registration) {
                flush(pending);
                ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
            }
            if (i < arrivals.size()) {
                pending.add(arrivals.get(i).raw(cardId));
                if (!batched) {
                    flush(pending);
                }
            }
        }
        flush(pending);
        return ledger.wallet(walletId);
    }

    private static void flush(List<RawNotification> pending) {
        if (!pending.isEmpty()) {
            ledger.recordNotifications(List.copyOf(pending));
            pending.clear();
        }
    }

    private static void writeCounterexample(GeneratedStream stream) throws Exception {
        Path dir = Path.of("target", "counterexamples");
        Files.createDirectories(dir);
        String name = "generated-" + Integer.toHexString(stream.hashCode());
        Files.writeString(dir.resolve(name + ".json"),
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(stream.toScenario(name)));
    }
}
