package io.cardledger.simulator;

import io.cardledger.testing.model.LifeNote;
import io.cardledger.testing.model.ReferenceLife;
import io.cardledger.testing.model.Story;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficGeneratorTest {

    private static TrafficGenerator.Settings settings(long seed) {
        return new TrafficGenerator.Settings(seed, "t", 50, 5_000, 0.2, 0.1, 5_000, 1_000_000, TrafficGenerator.Mix.DEFAULT);
    }

    @Test
    void sameSeedGivesTheSamePlanDeliveryForDelivery() {
        TrafficGenerator.Plan a = TrafficGenerator.generate(settings(42));
        TrafficGenerator.Plan b = TrafficGenerator.generate(settings(42));
        assertThat(b.deliveries()).isEqualTo(a.deliveries());
        assertThat(b.cards()).isEqualTo(a.cards());
        assertThat(b.expectedBalances()).usingRecursiveComparison().isEqualTo(a.expectedBalances());
    }

    @Test
    void anotherSeedGivesAnotherPlan() {
        assertThat(TrafficGenerator.generate(settings(43)).deliveries())
                .isNotEqualTo(TrafficGenerator.generate(settings(42)).deliveries());
    }

    @Test
    void sendsTheRequestedNotificationsWithTheRequestedShareOfRedeliveriesAndLateOnes() {
        TrafficGenerator.Plan p = TrafficGenerator.generate(settings(7));
        long originals = p.deliveries().stream().filter(d -> !d.duplicate()).count();
        assertThat(originals).isEqualTo(5_000);
        assertThat(p.duplicateCount()).isBetween(850, 1_150);
        long late = p.deliveries().stream().filter(d -> !d.duplicate() && d.delayMs() > 0).count();
        assertThat(late).isBetween(400L, 600L);
        assertThat(p.deliveries()).allMatch(d -> d.delayMs() <= 5_000);
        // Every redelivery repeats a notification delivered before it in the issuer's order.
        Set<Object> seen = new HashSet<>();
        for (TrafficGenerator.Delivery d : p.deliveries()) {
            if (d.duplicate()) {
                assertThat(seen).contains(d.card() + "/" + d.webhook());
            } else {
                seen.add(d.card() + "/" + d.webhook());
            }
        }
    }

    @Test
    void everyStoryOfTheModelIsDeliveredToItsCardAndTheExpectedBalanceIsTheModelsSum() {
        TrafficGenerator.Plan p = TrafficGenerator.generate(settings(11));
        Map<Integer, Long> notesPerCard = p.deliveries().stream().filter(d -> !d.duplicate())
                .collect(Collectors.groupingBy(TrafficGenerator.Delivery::card, Collectors.counting()));
        for (int i = 0; i < p.cards().size(); i++) {
            TrafficGenerator.CardPlan c = p.cards().get(i);
            long notes = c.stories().stream().mapToLong(s -> s.notes("1").size()).sum()
                    + c.lives().stream().mapToLong(List::size).sum();
            assertThat(notesPerCard.getOrDefault(i, 0L)).isEqualTo(notes);
            long available = 1_000_000;
            long withheld = 0;
            for (Story s : c.stories()) {
                available += s.expectedEffect()[0];
                withheld += s.expectedEffect()[1];
            }
            for (List<LifeNote> life : c.lives()) {
                available += ReferenceLife.of(life).available();
                withheld += ReferenceLife.of(life).withheld();
            }
            assertThat(p.expectedBalances().get(c.walletId())).containsExactly(available, withheld);
        }
        // All families of the mix occur.
        Set<Story.Kind> kinds = p.cards().stream().flatMap(c -> c.stories().stream()).map(Story::kind).collect(Collectors.toSet());
        assertThat(kinds).contains(Story.Kind.AUTH_CONFIRM, Story.Kind.AUTH_REVERSAL, Story.Kind.MONEYSEND_CONFIRM,
                Story.Kind.REFUND, Story.Kind.DECLINE, Story.Kind.UNRECOGNISED);
    }

    @Test
    void multiclearingAndExpiryLivesAreDeliveredWithTheirFlagsAndJudgedByTheReferenceLife() {
        TrafficGenerator.Plan p = TrafficGenerator.generate(settings(5));
        List<List<LifeNote>> lives = p.cards().stream().flatMap(c -> c.lives().stream()).toList();
        List<List<LifeNote>> multiclearing = lives.stream().filter(l -> l.stream().anyMatch(LifeNote::multiclearing)).toList();
        List<List<LifeNote>> expiry = lives.stream().filter(l -> l.stream().anyMatch(LifeNote::expiration)).toList();
        // Mix 8 and 4 of 100 stories; a multiclearing life has 2-6 notes, an expiry life 2.
        assertThat(multiclearing).hasSizeGreaterThan(100);
        assertThat(expiry).hasSizeGreaterThan(50);
        assertThat(multiclearing).anyMatch(l -> l.stream().anyMatch(LifeNote::close))
                .anyMatch(l -> l.stream().noneMatch(LifeNote::close));
        // Both shapes of results occur: a closed multiclearing holds nothing, an open one keeps the rest withheld,
        // and an expired authorization shows as expired.
        assertThat(multiclearing).anyMatch(l -> ReferenceLife.of(l).status().equals("PARTLY_SETTLED") && ReferenceLife.of(l).withheld() > 0)
                .anyMatch(l -> ReferenceLife.of(l).status().equals("SETTLED") && ReferenceLife.of(l).withheld() == 0);
        assertThat(expiry).allMatch(l -> ReferenceLife.of(l).status().equals("EXPIRED"));
        // The bodies carry the issuer's flags, and every note of a life shares its c11 and differs in c7.
        List<TrafficGenerator.Delivery> lifeDeliveries = p.deliveries().stream()
                .filter(d -> d.webhook() instanceof TrafficGenerator.LifeWebhook).toList();
        assertThat(lifeDeliveries).anyMatch(d -> d.webhook().body("c").path("isMulticlearing").asBoolean())
                .anyMatch(d -> d.webhook().body("c").path("multiclearingClose").asBoolean())
                .anyMatch(d -> d.webhook().body("c").path("isExpiration").asBoolean());
        Map<String, Set<String>> timesPerLife = lifeDeliveries.stream().filter(d -> !d.duplicate()).collect(Collectors.groupingBy(
                d -> d.card() + "/" + ((TrafficGenerator.LifeWebhook) d.webhook()).c11(),
                Collectors.mapping(d -> d.webhook().body("c").path("c7FechaHoraTransaccion").asText(), Collectors.toSet())));
        Map<String, Long> notesPerLife = lifeDeliveries.stream().filter(d -> !d.duplicate()).collect(Collectors.groupingBy(
                d -> d.card() + "/" + ((TrafficGenerator.LifeWebhook) d.webhook()).c11(), Collectors.counting()));
        timesPerLife.forEach((life, times) -> assertThat((long) times.size()).as(life).isEqualTo(notesPerLife.get(life)));
    }

    @Test
    void aMixWithoutTheWholeLifeFamiliesHasNoLives() {
        TrafficGenerator.Plan p = TrafficGenerator.generate(new TrafficGenerator.Settings(3, "t", 20, 1_000, 0, 0, 0, 1_000_000,
                new TrafficGenerator.Mix(80, 0, 0, 6, 5, 6, 3)));
        assertThat(p.cards()).allMatch(c -> c.lives().isEmpty());
        assertThat(p.deliveries()).allMatch(d -> d.webhook() instanceof TrafficGenerator.StoryWebhook);
    }

    @Test
    void durationsReadAsTheOptionsWriteThem() {
        SimulatorCli.DurationConverter c = new SimulatorCli.DurationConverter();
        assertThat(c.convert("5s").toMillis()).isEqualTo(5_000);
        assertThat(c.convert("250ms").toMillis()).isEqualTo(250);
        assertThat(c.convert("2m").toSeconds()).isEqualTo(120);
        assertThat(c.convert("7").toSeconds()).isEqualTo(7);
    }
}
