package io.cardledger.ledger.card;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.support.Notifications;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

/** Events recorded under rulebook v1 load as they are and keep their movements; new movements are 1.1's (ADR 0005). */
class RulebookVersionsTest {
    private static final String CARD = "c-1";
    private static final String WALLET = "w-1";
    private static final Instant AT = Instant.parse("2026-04-29T06:00:00Z");
    private static final ObjectMapper EVENTS = LedgerEventTypes.configure(new ObjectMapper());

    private static RawNotification raw(String type, long amount, String c11) {
        return Notifications.of(type, CARD).amount(amount).c11(c11).raw();
    }

    /** A movement as v1 stored it: no {@code rulebook} property, version 1. */
    private static CardNotificationRecorded v1(RawNotification raw, long available, long withheld, AuthorizationView view,
                                               MovementFlag... flags) {
        Set<MovementFlag> f = flags.length == 0 ? EnumSet.noneOf(MovementFlag.class) : EnumSet.of(flags[0], flags);
        return new CardNotificationRecorded(CARD, WALLET, raw.notificationId(), 1, raw, available, withheld, view, f, AT);
    }

    @SuppressWarnings("unchecked")
    private static List<CardNotificationRecorded> when(Object[] v1Events, RawNotification next) {
        AggregateTestFixture<Card> fixture = new AggregateTestFixture<>(Card.class);
        List<Object> given = new ArrayList<>();
        given.add(new CardRegistered(CARD, WALLET, "u-1", "prepaid", false, AT));
        given.addAll(List.of(v1Events));
        List<CardNotificationRecorded> captured = new ArrayList<>();
        fixture.given(given).when(new CardCommands.RecordNotification(CARD, next, AT))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(predicate(p -> captured.addAll((List<CardNotificationRecorded>) p) || true));
        return captured;
    }

    @Test
    void aV1EventWithoutTheRulebookPropertyReadsAsVersion1AndA11EventKeepsItsVersion() throws Exception {
        RawNotification auth = raw("PeticionAutorizacion", 1000, "1");
        CardNotificationRecorded current = Card.recorded(CARD, WALLET, new Rulebook.Decision(auth.notificationId(), auth,
                new Movement(-1000, 1000, new AuthorizationView("1", AuthorizationStatus.PENDING, 1000, 1000, 0, 0),
                        EnumSet.noneOf(MovementFlag.class))), Set.of(), AT, Rulebook.standard());
        ObjectNode stored = EVENTS.valueToTree(current);
        ObjectNode storedByV1 = stored.deepCopy();
        storedByV1.remove("rulebook");

        CardNotificationRecorded readV1 = EVENTS.treeToValue(storedByV1, CardNotificationRecorded.class);
        CardNotificationRecorded read11 = EVENTS.treeToValue(stored, CardNotificationRecorded.class);

        assertThat(stored.get("rulebook").asText()).isEqualTo("1.1");
        assertThat(readV1.rulebook()).isEqualTo("1");
        assertThat(readV1.rulebookVersion()).isEqualTo(1);
        assertThat(readV1.availableDeltaMinor()).isEqualTo(-1000);
        assertThat(read11).isEqualTo(current);
    }

    @Test
    void aConfirmationAfterAV1ReversalReplacesItsStandInUnder11() {
        // given: v1 held 100.00, then the reversal of 40.00 released 40.00 and settled the 60.00 rest in place of the batch
        RawNotification auth = raw("PeticionAutorizacion", 10000, "7");
        RawNotification reversal = raw("ComunicacionAnulacion", 4000, "7");
        Object[] v1 = {
                v1(auth, -10000, 10000, new AuthorizationView("7", AuthorizationStatus.PENDING, 10000, 10000, 0, 0)),
                v1(reversal, 4000, -10000, new AuthorizationView("7", AuthorizationStatus.REVERSED, 10000, 0, 6000, 0))};

        // when: the batch confirms the 60.00 (v1 charged it again, "modified twice")
        List<CardNotificationRecorded> m = when(v1, raw("TransaccionConfirmada", 6000, "7"));

        // then
        assertThat(m).hasSize(1);
        assertThat(m.get(0).rulebook()).isEqualTo("1.1");
        assertThat(m.get(0).availableDeltaMinor()).isZero();
        assertThat(m.get(0).withheldDeltaMinor()).isZero();
        assertThat(m.get(0).flags()).contains(MovementFlag.REPLACED_REVERSAL_STAND_IN);
        assertThat(m.get(0).authorization().status()).isEqualTo(AuthorizationStatus.SETTLED);
    }

    @Test
    void anAuthorizationAfterV1MulticlearingPartsHoldsWhatIsStillToComeUnder11() {
        // given: v1 applied two parts that came before their authorization as batch-only charges
        RawNotification part1 = Notifications.of("TransaccionConfirmada", CARD).amount(3000).c11("8").multiclearing(false).raw();
        RawNotification part2 = Notifications.of("TransaccionConfirmada", CARD).amount(2000).c11("8").multiclearing(false)
                .merchant("another part").raw();
        Object[] v1 = {
                v1(part1, -3000, 0, new AuthorizationView("8", AuthorizationStatus.SETTLED_BEFORE_AUTHORIZATION, 0, 0, 3000, 1),
                        MovementFlag.BATCH_ONLY, MovementFlag.MULTICLEARING_PARTIAL),
                v1(part2, -2000, 0, new AuthorizationView("8", AuthorizationStatus.SETTLED_BEFORE_AUTHORIZATION, 0, 0, 5000, 2),
                        MovementFlag.MODIFIED_TWICE, MovementFlag.MULTICLEARING_PARTIAL)};

        // when: the authorization of 100.00 arrives (v1 would have held 70.00, remembering only the first part)
        List<CardNotificationRecorded> m = when(v1, raw("PeticionAutorizacion", 10000, "8"));

        // then: 1.1 holds 100.00 - 50.00 taken by the parts; with the v1 movements the card is at -100.00 / 50.00
        assertThat(m).hasSize(1);
        assertThat(m.get(0).availableDeltaMinor()).isEqualTo(-5000);
        assertThat(m.get(0).withheldDeltaMinor()).isEqualTo(5000);
        assertThat(m.get(0).authorization().status()).isEqualTo(AuthorizationStatus.PARTLY_SETTLED);
        assertThat(m.get(0).flags()).contains(MovementFlag.POSTED_AS_ALREADY_SETTLED);
    }
}
