package io.cardledger.ledger.card;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.testing.model.LifeNote;
import io.cardledger.testing.model.Lives;
import io.cardledger.testing.model.ReferenceLife;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rulebook 1.1's promise, "for every authorization the final available and withheld and its status
 * are a function of the set of its notifications", checked on generated lives of 1-8 notifications
 * (see {@link Lives}) against the reference model in test-support ({@link ReferenceLife}, closed form,
 * no code shared with the rulebook). Each arrival order runs the rulebook exactly as the Card
 * aggregate does ({@link Rulebook#decide}, then {@link Card#recorded} and {@link CardBook#record} for
 * each decision), on a fresh card; and a second book rebuilt from the recorded events (as Axon loads
 * the aggregate) must know the same life. LedgerModelProperties runs lives through the real aggregate
 * and wallet under Axon.
 *
 * <p>A failing order is written as a scenario file under target/counterexamples (one per property,
 * overwritten by each failing try, so it ends as jqwik's shrunk sample).
 */
class RulebookLifeProperties {
    private static final String CARD = "c-1";
    private static final String WALLET = "w-1";
    private static final String C11 = "000000001";
    private static final Instant AT = Instant.parse("2026-04-30T00:00:00Z");

    /** What a card ends with for one life: the sum of its movements and the authorization's status. */
    record Outcome(long available, long withheld, String status) {
    }

    @Provide
    Arbitrary<List<LifeNote>> shortLives() {
        return Lives.lives(1, 5);
    }

    @Provide
    Arbitrary<List<LifeNote>> longLives() {
        return Lives.lives(6, 8);
    }

    @Property(tries = 7000, edgeCases = EdgeCasesMode.MIXIN)
    void everyOrderOfAShortLifeEndsAsTheReferenceSays(@ForAll("shortLives") List<LifeNote> life) {
        ReferenceLife.Result expected = ReferenceLife.of(life);
        Outcome reference = new Outcome(expected.available(), expected.withheld(), expected.status());
        Map<LifeNote, RawNotification> raws = raws(life);
        for (List<LifeNote> order : permutations(life)) {
            check("everyOrderOfAShortLife", order, raws, reference);
        }
    }

    @Property(tries = 3000, edgeCases = EdgeCasesMode.MIXIN)
    void randomOrdersOfALongLifeEndAsTheReferenceSays(@ForAll("longLives") List<LifeNote> life, @ForAll long seed) {
        ReferenceLife.Result expected = ReferenceLife.of(life);
        Outcome reference = new Outcome(expected.available(), expected.withheld(), expected.status());
        Map<LifeNote, RawNotification> raws = raws(life);
        check("randomOrdersOfALongLife", life, raws, reference);
        Random random = new Random(seed);
        for (int i = 0; i < 24; i++) {
            List<LifeNote> order = new ArrayList<>(life);
            Collections.shuffle(order, random);
            check("randomOrdersOfALongLife", order, raws, reference);
        }
    }

    private static void check(String property, List<LifeNote> order, Map<LifeNote, RawNotification> raws,
                              Outcome reference) {
        Outcome observed = run(order, raws);
        if (!observed.equals(reference)) {
            writeCounterexample(property, order);
        }
        assertThat(observed).as("life arriving as %s", order).isEqualTo(reference);
    }

    /** Each distinct note as the issuer's body parsed by ingest, built once per life. */
    static Map<LifeNote, RawNotification> raws(List<LifeNote> life) {
        Map<LifeNote, RawNotification> raws = new HashMap<>();
        life.forEach(note -> raws.computeIfAbsent(note, n -> n.raw(CARD, C11)));
        return raws;
    }

    static Outcome run(List<LifeNote> order) {
        return run(order, raws(order));
    }

    /** The life through the rulebook as the Card aggregate runs it, on a fresh registered card. */
    static Outcome run(List<LifeNote> order, Map<LifeNote, RawNotification> raws) {
        Rulebook rulebook = Rulebook.standard();
        CardBook book = new CardBook();
        book.register(WALLET);
        List<CardNotificationRecorded> events = new ArrayList<>();
        long available = 0;
        long withheld = 0;
        String status = "NONE";
        for (LifeNote note : order) {
            RawNotification raw = raws.get(note);
            if (book.hasSeen(raw)) {
                continue;
            }
            for (Rulebook.Decision d : rulebook.decide(book, raw)) {
                CardNotificationRecorded e = Card.recorded(CARD, WALLET, d, EnumSet.noneOf(MovementFlag.class), AT, rulebook);
                book.record(e);
                events.add(e);
                available = Math.addExact(available, e.availableDeltaMinor());
                withheld = Math.addExact(withheld, e.withheldDeltaMinor());
                assertThat(e.rulebook()).isEqualTo("1.1");
                if (!e.flags().contains(MovementFlag.UNREADABLE_AMOUNT)) {
                    status = e.authorization().status().name();
                } else {
                    assertThat(e.availableDeltaMinor()).isZero();
                    assertThat(e.withheldDeltaMinor()).isZero();
                }
            }
        }
        CardBook rebuilt = new CardBook();
        rebuilt.register(WALLET);
        events.forEach(rebuilt::record);
        assertThat(rebuilt.life(C11)).as("life rebuilt from the events").isEqualTo(book.life(C11));
        assertThat(rebuilt.parkedReversals(C11)).isEqualTo(book.parkedReversals(C11));
        return new Outcome(available, withheld, status);
    }

    /** Every distinct order of the arrivals (a redelivery's copies are interchangeable). */
    static List<List<LifeNote>> permutations(List<LifeNote> arrivals) {
        Set<List<LifeNote>> out = new LinkedHashSet<>();
        permute(new ArrayList<>(arrivals), 0, out);
        return List.copyOf(out);
    }

    private static void permute(List<LifeNote> a, int k, Set<List<LifeNote>> out) {
        if (k == a.size()) {
            out.add(List.copyOf(a));
            return;
        }
        for (int i = k; i < a.size(); i++) {
            Collections.swap(a, k, i);
            permute(a, k + 1, out);
            Collections.swap(a, k, i);
        }
    }

    private static void writeCounterexample(String name, List<LifeNote> order) {
        try {
            Path dir = Path.of("target", "counterexamples");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Lives.toScenario("generated-" + name, "Generated authorization life (rulebook 1.1).",
                            CARD, WALLET, C11, order, 1_000_000)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
