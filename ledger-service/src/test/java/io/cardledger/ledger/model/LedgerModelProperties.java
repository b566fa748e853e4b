package io.cardledger.ledger.model;

import io.cardledger.ledger.application.ManagedAggregates;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.application.LedgerOperations;
import io.cardledger.ledger.card.Card;
import io.cardledger.ledger.wallet.Wallet;
import io.cardledger.ledger.wallet.WalletRefusedException;
import io.cardledger.ledger.wallet.WalletState;
import io.cardledger.testing.model.GeneratedStream;
import io.cardledger.testing.model.LifeNote;
import io.cardledger.testing.model.Lives;
import io.cardledger.testing.model.ReferenceLife;
import io.cardledger.testing.model.Operation;
import io.cardledger.testing.model.Streams;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AbstractRepository;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Card and Wallet aggregates, through real Axon command handling (in-memory event store
 * for speed), against the reference model of rulebook v1 in test-support: random streams of
 * authorizations, settlements, reversals, MoneySend, refunds, declines and unknown types, shuffled,
 * partly redelivered, with the card registered late, interleaved with pay-ins, pay-outs and
 * transfers between a USD card wallet, another USD wallet, an EUR wallet and a wallet nobody
 * registered (refused for insufficient funds, for a currency that does not match, for an unknown
 * wallet; retried with the same operation id). Every operation's answer and every wallet's final
 * balances must be the model's.
 *
 * <p><b>What does not depend on arrival order, and why.</b> Card notifications are facts: their
 * combined effect on a wallet depends only on which of them have arrived, never on their order
 * (rulebook v1, "matching and ordering"). Pay-outs and outgoing transfers are requests, judged against
 * the available balance at the moment they are applied, so their answer depends on which notifications
 * arrived before them: an authorization that arrives before a pay-out can make it "Wallet does not have
 * sufficient funds", and a refused pay-out leaves the money in the wallet for good. "Final balances do
 * not depend on arrival order" is therefore false for arbitrary reorderings of a stream with operations,
 * and two narrower statements are true and checked:
 * <ol>
 *   <li>Shuffling the notifications only among themselves between two consecutive fixed points (the
 *       card's registration and each operation) keeps, for every operation, the set of notifications
 *       applied before it, hence its balance, its answer and the final balances. This holds for every
 *       stream, refusals included.</li>
 *   <li>When no pay-out or transfer takes money out of the card's wallet (the only wallet notifications
 *       move), no operation's answer depends on notifications at all (the other wallets move only by
 *       operations, in their fixed order), so any arrival order of the notifications gives the same
 *       answers and the same final balances. Such streams still carry refusals on the other wallets.</li>
 * </ol>
 * A failing stream is written as a scenario file under target/counterexamples (one file per property,
 * overwritten by each failing try, so it ends as jqwik's shrunk sample), ready to become a regression
 * case in scenarios/project.
 */
class LedgerModelProperties {
    private static final String NOT_FOUND = "Wallet not found";
    private static volatile Configuration axon;
    private static volatile LedgerOperations ledger;
    private static final AtomicLong ids = new AtomicLong();

    /**
     * The in-memory event store scans every event it holds on each read: start afresh this often. The
     * previous configuration is dropped, not shut down: after a failure jqwik may still be shrinking on
     * another thread. Each run keeps the configuration it started with and uses ids of its own.
     */
    private static final int RUNS_PER_AXON = 200;
    /** Axon logs every load of an aggregate that does not exist (an unknown wallet here) with its stack trace. */
    private static final Logger REPOSITORY_LOG = (Logger) LoggerFactory.getLogger(AbstractRepository.class);
    private static Level repositoryLogLevel;

    @BeforeContainer
    static void quietAndStart() {
        repositoryLogLevel = REPOSITORY_LOG.getLevel();
        REPOSITORY_LOG.setLevel(Level.ERROR);
        startAxon();
    }

    @AfterContainer
    static void stopAndRestoreLogging() {
        axon.shutdown();
        REPOSITORY_LOG.setLevel(repositoryLogLevel);
    }

    private static void startAxon() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                // Cached as in production; also spares the in-memory store's scan of every event on each load.
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Card.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Wallet.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .buildConfiguration();
        axon.start();
        ledger = new LedgerOperations(axon.commandGateway(), NoTransactionManager.INSTANCE, axon.eventStore(),
                Clock.fixed(Instant.parse("2026-04-30T00:00:00Z"), ZoneOffset.UTC), new ManagedAggregates(axon));
    }

    @Provide
    Arbitrary<GeneratedStream> streams() {
        return Streams.streams(12);
    }

    @Provide
    Arbitrary<GeneratedStream> streamsThatNeverDebitTheCardWallet() {
        return Streams.streams(12, false);
    }

    /** What the ledger did: each operation's answer (null = recorded, else the refusal's title) and the final balances. */
    private record Observed(List<String> answers, Map<String, List<Long>> balances) {
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void theLedgerAgreesWithTheModel(@ForAll("streams") GeneratedStream stream) {
        GeneratedStream.Plan plan = stream.plan();
        Observed expected = new Observed(
                plan.steps().stream().filter(GeneratedStream.WalletOperation.class::isInstance)
                        .map(s -> ((GeneratedStream.WalletOperation) s).expectedRefusal()).toList(),
                balancesOf(plan.balances()));

        Observed observed = run(stream);

        if (!observed.equals(expected)) {
            writeCounterexample("theLedgerAgreesWithTheModel", stream);
        }
        assertThat(observed.answers()).as("answers to the operations of %s", stream).isEqualTo(expected.answers());
        assertThat(observed.balances()).as("balances after %s", stream).isEqualTo(expected.balances());
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void arrivalsShuffledBetweenOperationsChangeNeitherAnswersNorBalances(@ForAll("streams") GeneratedStream stream,
                                                                          @ForAll long seed) {
        assertSameOutcome("arrivalsShuffledBetweenOperations", stream, stream.withArrivalsShuffledBetweenOperations(seed));
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void finalBalancesDoNotDependOnArrivalOrder(@ForAll("streamsThatNeverDebitTheCardWallet") GeneratedStream stream,
                                                @ForAll long otherOrder) {
        assertSameOutcome("finalBalancesDoNotDependOnArrivalOrder", stream, stream.withArrivalOrder(otherOrder));
    }

    @Provide
    Arbitrary<List<LifeNote>> lives() {
        return Lives.lives(1, 8);
    }

    /**
     * Rulebook 1.1 through the real Card and Wallet aggregates: one authorization's life (see
     * RulebookLifeProperties for the exhaustive check of the rulebook alone) in its issuer order and in
     * three shuffled orders, each on a card and wallet of its own, ends at the reference model's balances.
     */
    @Property(tries = 100, edgeCases = EdgeCasesMode.MIXIN)
    void aLifeInAnyArrivalOrderEndsAtTheReferenceBalances(@ForAll("lives") List<LifeNote> life, @ForAll long seed) {
        ReferenceLife.Result expected = ReferenceLife.of(life);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < 4; i++) {
            List<LifeNote> order = new ArrayList<>(life);
            if (i > 0) {
                java.util.Collections.shuffle(order, random);
            }
            long n = ids.incrementAndGet();
            LedgerOperations ledger = ledgerFor(n);
            String walletId = "r" + n + "-w";
            String cardId = "r" + n + "-c";
            ledger.registerWallet(walletId, "u-1", "USD", 0);
            ledger.registerCard(cardId, walletId, "u-1", "prepaid", false);
            ledger.recordNotifications(order.stream().map(note -> note.raw(cardId, "000000001")).toList());
            WalletState s = ledger.wallet(walletId);
            if (s.availableMinor() != expected.available() || s.withheldMinor() != expected.withheld()) {
                writeLifeCounterexample(order);
            }
            assertThat(List.of(s.availableMinor(), s.withheldMinor())).as("life arriving as %s", order)
                    .isEqualTo(List.of(expected.available(), expected.withheld()));
        }
    }

    private static void writeLifeCounterexample(List<LifeNote> order) {
        try {
            Path dir = Path.of("target", "counterexamples");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("aLifeInAnyArrivalOrder.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Lives.toScenario("generated-aLifeInAnyArrivalOrder", "Generated authorization life.",
                            GeneratedStream.CARD, GeneratedStream.CARD_WALLET, "000000001", order, 0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ledger answers and ends the same for both orders; else both orders become counterexample files. */
    private void assertSameOutcome(String property, GeneratedStream stream, GeneratedStream reordered) {
        Observed one = run(stream);
        Observed other = run(reordered);

        if (!other.equals(one)) {
            writeCounterexample(property, stream);
            writeCounterexample(property + "-other-order", reordered);
        }
        assertThat(other).as("%s reordered to %s", stream, reordered.arrivals()).isEqualTo(one);
    }

    /**
     * Feeds the stream to the ledger step by step, under wallet and card ids no other run uses; half
     * the streams one notification per unit of work, half with the notifications between two other
     * steps in one batch.
     */
    private static Observed run(GeneratedStream stream) {
        long n = ids.incrementAndGet();
        LedgerOperations ledger = ledgerFor(n);
        String prefix = "r" + n + "-";
        String cardId = prefix + GeneratedStream.CARD;
        GeneratedStream.Plan plan = stream.plan();
        for (String walletId : plan.balances().keySet()) {
            ledger.registerWallet(prefix + walletId, "u-" + walletId, GeneratedStream.currencyOf(walletId), 0);
        }
        boolean batched = (stream.permutationSeed() & 1) == 0;
        List<RawNotification> pending = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (GeneratedStream.Step step : plan.steps()) {
            if (step instanceof GeneratedStream.Arrival a) {
                pending.add(a.note().raw(cardId));
                if (!batched) {
                    flush(ledger, pending);
                }
            } else if (step instanceof GeneratedStream.CardRegistration) {
                flush(ledger, pending);
                ledger.registerCard(cardId, prefix + GeneratedStream.CARD_WALLET, "u-1", "prepaid", false);
            } else if (step instanceof GeneratedStream.WalletOperation w) {
                flush(ledger, pending);
                answers.add(answer(ledger, w.operation(), prefix));
            }
        }
        flush(ledger, pending);
        Map<String, List<Long>> balances = new LinkedHashMap<>();
        for (String walletId : plan.balances().keySet()) {
            WalletState s = ledger.wallet(prefix + walletId);
            balances.put(walletId, List.of(s.availableMinor(), s.withheldMinor()));
        }
        return new Observed(answers, balances);
    }

    /** The ledger's answer as the API gives it: null when recorded, else the problem's title. */
    private static String answer(LedgerOperations ledger, Operation op, String prefix) {
        String from = op.walletFrom() == null ? null : prefix + op.walletFrom();
        String to = op.walletTo() == null ? null : prefix + op.walletTo();
        try {
            switch (op.kind()) {
                case PAY_IN -> ledger.payIn(op.id(), to, op.amountMinor(), op.currency(), op.kind().step());
                case PAY_OUT -> ledger.payOut(op.id(), from, op.amountMinor(), op.currency(), op.kind().step());
                case TRANSFER -> ledger.transfer(op.id(), from, to, op.amountMinor(), op.currency(), op.kind().step());
            }
            return null;
        } catch (WalletRefusedException e) {
            return e.reason().title();
        } catch (AggregateNotFoundException e) {
            // What ApiExceptionHandler answers for it.
            return NOT_FOUND;
        }
    }

    private static Map<String, List<Long>> balancesOf(Map<String, long[]> model) {
        Map<String, List<Long>> out = new LinkedHashMap<>();
        model.forEach((walletId, b) -> out.put(walletId, List.of(b[0], b[1])));
        return out;
    }

    private static synchronized LedgerOperations ledgerFor(long run) {
        if (run % RUNS_PER_AXON == 0) {
            startAxon();
        }
        return ledger;
    }

    private static void flush(LedgerOperations ledger, List<RawNotification> pending) {
        if (!pending.isEmpty()) {
            ledger.recordNotifications(List.copyOf(pending));
            pending.clear();
        }
    }

    private static void writeCounterexample(String name, GeneratedStream stream) {
        try {
            Path dir = Path.of("target", "counterexamples");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".json"),
                    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(stream.toScenario("generated-" + name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
