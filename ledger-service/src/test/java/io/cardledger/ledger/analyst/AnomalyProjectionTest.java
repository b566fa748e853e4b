package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.katfacil.AmountReading;
import io.cardledger.events.katfacil.KatFacilEffect;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventKind;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.analyst.AnomalyProjection.Changes;
import io.cardledger.ledger.analyst.AnomalyProjection.RecordedView;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the anomalies projection decides for each stored event, read from the event's JSON as stored. */
class AnomalyProjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-05T00:00:00Z");

    private final Changes changes = new Changes();

    private static RecordedView stored(RawNotification raw, String movementId, long available, long withheld,
                                       AuthorizationView view, Set<MovementFlag> flags) throws Exception {
        CardNotificationRecorded r = new CardNotificationRecorded("c-1", "w-1", movementId, 1, raw, available, withheld, view,
                flags, T1);
        return AnomalyProjection.read(JSON.writeValueAsBytes(r), RecordedView.class);
    }

    private static RecordedView authorization(String c11, long amount, AuthorizationStatus status, long held) throws Exception {
        RawNotification raw = Notifications.of("PeticionAutorizacion", "c-1").amount(amount).c11(c11).raw();
        return stored(raw, raw.notificationId(), -amount, amount, new AuthorizationView(c11, status, amount, held, 0, 0),
                EnumSet.noneOf(MovementFlag.class));
    }

    @Test
    void anOpenHoldKeepsTheInstantItOpenedAndGoesWhenSettled() throws Exception {
        AnomalyProjection.recorded(authorization("000000001", 500, AuthorizationStatus.PENDING, 500), T1, 1, changes);
        AnomalyProjection.recorded(authorization("000000001", 700, AuthorizationStatus.PENDING, 700), T2, 2, changes);

        assertThat(changes.upserts).hasSize(1);
        AnomalyProjection.Row hold = changes.upserts.values().iterator().next();
        assertThat(hold.kind()).isEqualTo(AnomalyKind.OPEN_HOLD);
        assertThat(hold.occurredAt()).isEqualTo(T1);
        assertThat(hold.heldMinor()).isEqualTo(700);

        AnomalyProjection.recorded(authorization("000000001", 700, AuthorizationStatus.SETTLED, 0), T2, 3, changes);

        assertThat(changes.upserts).isEmpty();
        assertThat(changes.deletes).containsExactly("OPEN_HOLD\u0000c-1\u001F000000001");
    }

    @Test
    void anAuthorizationWithAnEmptyC11IsAHoldThatCanNeverMatch() throws Exception {
        RawNotification raw = Notifications.of("PeticionAutorizacion", "c-1").amount(450).raw();
        AnomalyProjection.recorded(stored(raw, raw.notificationId(), -450, 450,
                new AuthorizationView("", AuthorizationStatus.PENDING, 450, 450, 0, 0), EnumSet.noneOf(MovementFlag.class)), T1, 1, changes);

        assertThat(changes.upserts.values()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(AnomalyKind.UNMATCHABLE_HOLD);
            assertThat(r.withheldDelta()).isEqualTo(450);
            assertThat(r.c4()).isEqualTo(450);
        });
    }

    @Test
    void aParkedReversalIsRaisedThenClearedByItsRelease() throws Exception {
        RawNotification reversal = Notifications.of("ComunicacionAnulacion", "c-1").amount(100).c11("000000002").raw();
        AnomalyProjection.recorded(stored(reversal, reversal.notificationId(), 0, 0,
                new AuthorizationView("000000002", AuthorizationStatus.REVERSAL_PARKED, 0, 0, 0, 0),
                EnumSet.of(MovementFlag.REVERSAL_PARKED)), T1, 1, changes);
        assertThat(changes.upserts.values()).singleElement().extracting(AnomalyProjection.Row::kind).isEqualTo(AnomalyKind.REVERSAL_PARKED);

        AnomalyProjection.recorded(stored(reversal, reversal.notificationId() + "/released", 100, -100,
                new AuthorizationView("000000002", AuthorizationStatus.REVERSED, 100, 0, 0, 0),
                EnumSet.of(MovementFlag.PARKED_REVERSAL_APPLIED)), T2, 2, changes);

        assertThat(changes.upserts).isEmpty();
        assertThat(changes.deletes).contains("REVERSAL_PARKED\u0000" + reversal.notificationId());
    }

    @Test
    void flagsAreReadByNameSoAFlagFromANewerRulebookIsSeen() throws Exception {
        RawNotification raw = Notifications.of("TransaccionConfirmada", "c-1").amount(0).c11("000000003").raw();
        CardNotificationRecorded r = new CardNotificationRecorded("c-1", "w-1", raw.notificationId(), 1, raw, 0, 0,
                AuthorizationView.none("000000003"), EnumSet.of(MovementFlag.SETTLED_AMOUNT_DIFFERS), T1);
        // the JSON a newer ledger writes: a flag this build's enum does not have
        String json = JSON.writeValueAsString(r).replace("\"SETTLED_AMOUNT_DIFFERS\"", "\"SETTLED_AMOUNT_DIFFERS\",\"UNREADABLE_AMOUNT\"");

        AnomalyProjection.recorded(AnomalyProjection.read(json.getBytes(), RecordedView.class), T1, 1, changes);

        assertThat(changes.upserts.values()).extracting(AnomalyProjection.Row::kind)
                .containsExactlyInAnyOrder(AnomalyKind.SETTLED_AMOUNT_DIFFERS, AnomalyKind.UNREADABLE_AMOUNT);
    }

    @Test
    void aCardsRegistrationClearsWhatWaitedForItInTheSameBatch() {
        changes.upsert(new AnomalyProjection.Row(AnomalyKind.AWAITING_CARD, "n-1", "c-9", null, "", "n-1", null, "PeticionAutorizacion",
                5L, null, null, null, null, T1, 1, null));
        changes.upsert(new AnomalyProjection.Row(AnomalyKind.AWAITING_CARD, "n-2", "c-8", null, "", "n-2", null, "PeticionAutorizacion",
                5L, null, null, null, null, T1, 2, null));

        changes.cardRegistered("c-9");

        assertThat(changes.upserts.values()).extracting(AnomalyProjection.Row::cardId).containsExactly("c-8");
        assertThat(changes.registeredCards).containsExactly("c-9");
    }

    @Test
    void nulIsReplacedSoNoStoredValueCanStopTheProjection() {
        assertThat(AnomalyProjection.clean("c\u0000-1")).isEqualTo("c\uFFFD-1");
        assertThat(AnomalyProjection.clean(null)).isNull();
    }

    // ---------------------------------------------------------------- KatFacil

    private static RawKatFacilEvent katFacil(KatFacilEventKind kind, String name, String amount, long minor, String status,
                                             String transactionId, String fundingId) {
        KatFacilEvent e = new KatFacilEvent(name, kind, "ev-" + name, "kc-1", "u-1", null, amount, minor,
                amount == null ? AmountReading.ABSENT : AmountReading.EXACT, "USD", status, transactionId, fundingId, null, null);
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode().put("event", name);
        body.putObject("data").put("card_id", "kc-1").put("note", "FUNDED CARD_BLOCKED in the body is not a flag");
        return new RawKatFacilEvent(1, "kf-" + name, T1, e, body);
    }

    /** Through {@link AnomalyProjection#decide}, as the decider reads a stored event: its type picks the view. */
    private void decide(Object event) throws Exception {
        AnomalyProjection.decide(new AnomalyProjection.Stored(event.getClass(), JSON.writeValueAsBytes(event), T2, 7,
                "e-1", "katfacil:kc-1", 0), changes);
    }

    @ParameterizedTest
    @CsvSource({"UNRECOGNISED_TYPE, RECORDED, 0", "UNREADABLE_AMOUNT, RECORDED, 0", "INEXACT_AMOUNT, RECORDED, 0",
            "CURRENCY_MISMATCH, RECORDED, 0", "DUPLICATE_MONEY_ID, RECORDED, 0", "UNRECOGNISED_STATUS, RECORDED, 0",
            "CARD_BLOCKED, DEBIT, -500"})
    void aFlaggedKatFacilEventIsAnAnomalyOfItsFlagsKind(MovementFlag flag, KatFacilEffect effect, long delta) throws Exception {
        RawKatFacilEvent raw = katFacil(KatFacilEventKind.TRANSACTION, "digitalcard.transaction", "5.00", 500, "completed",
                "tx-9", null);

        decide(new KatFacilEventRecorded("kc-1", "kw-1", "USD", raw.eventKey(), raw, effect, delta, EnumSet.of(flag), T2));

        assertThat(changes.upserts.values()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(AnomalyKind.valueOf(flag.name()));
            assertThat(r.key()).isEqualTo(raw.eventKey());
            assertThat(r.cardId()).isEqualTo("kc-1");
            assertThat(r.walletId()).isEqualTo("kw-1");
            assertThat(r.c11()).isEqualTo("tx-9");
            assertThat(r.notificationId()).isEqualTo(raw.eventKey());
            assertThat(r.c1Tipo()).isEqualTo("digitalcard.transaction");
            assertThat(r.c4()).isEqualTo(500);
            assertThat(r.availableDelta()).isEqualTo(delta);
            assertThat(r.occurredAt()).isEqualTo(T2);
            assertThat(r.globalIndex()).isEqualTo(7);
            assertThat(r.detail()).startsWith("KatFacil digitalcard.transaction (amount \"5.00\" USD, status completed): ");
        });
    }

    @Test
    void anUnknownKatFacilEventNameIsUnrecognisedAndAFundingShowsItsFundingId() throws Exception {
        RawKatFacilEvent unknown = katFacil(KatFacilEventKind.UNRECOGNISED, "digitalcard.somethingnew", null, 0, null, null, null);
        RawKatFacilEvent again = katFacil(KatFacilEventKind.FUNDED, "digitalcard.funded", "20", 2000, "approved", "tx-1", "fund-1");

        decide(new KatFacilEventRecorded("kc-1", "kw-1", "USD", unknown.eventKey(), unknown, KatFacilEffect.RECORDED, 0,
                EnumSet.of(MovementFlag.UNRECOGNISED_TYPE), T2));
        decide(new KatFacilEventRecorded("kc-1", "kw-1", "USD", again.eventKey(), again, KatFacilEffect.RECORDED, 0,
                EnumSet.of(MovementFlag.DUPLICATE_MONEY_ID), T2));

        assertThat(changes.upserts.values()).extracting(AnomalyProjection.Row::kind, AnomalyProjection.Row::c1Tipo, AnomalyProjection.Row::c11)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AnomalyKind.UNRECOGNISED_TYPE, "digitalcard.somethingnew", null),
                        org.assertj.core.groups.Tuple.tuple(AnomalyKind.DUPLICATE_MONEY_ID, "digitalcard.funded", "fund-1"));
    }

    @Test
    void katFacilEventsWithoutAnAnomalyFlagRaiseNothing() throws Exception {
        RawKatFacilEvent spend = katFacil(KatFacilEventKind.TRANSACTION, "digitalcard.transaction", "5.00", 500, "completed", "tx-1", null);
        RawKatFacilEvent declined = katFacil(KatFacilEventKind.TRANSACTION, "digitalcard.transaction", "3.00", 300, "declined", "tx-2", null);

        decide(new KatFacilEventRecorded("kc-1", "kw-1", "USD", spend.eventKey(), spend, KatFacilEffect.DEBIT, -500,
                EnumSet.noneOf(MovementFlag.class), T2));
        decide(new KatFacilEventRecorded("kc-1", "kw-1", "USD", declined.eventKey(), declined, KatFacilEffect.DECLINED, 0,
                EnumSet.of(MovementFlag.DECLINED), T2));

        assertThat(changes.upserts).isEmpty();
        assertThat(changes.deletes).isEmpty();
    }

    @Test
    void aKatFacilEventWaitingForItsCardIsAwaitingCardUntilTheCardIsRegistered() throws Exception {
        RawKatFacilEvent fund = katFacil(KatFacilEventKind.FUNDED, "digitalcard.funded", "20", 2000, "approved", null, "fund-1");

        decide(new KatFacilEventAwaitingCard("kc-1", fund));

        assertThat(changes.upserts.values()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(AnomalyKind.AWAITING_CARD);
            assertThat(r.key()).isEqualTo(fund.eventKey());
            assertThat(r.c4()).isEqualTo(2000);
            assertThat(r.c11()).isEqualTo("fund-1");
        });

        decide(new CardRegistered("kc-1", "kw-1", "u-1", "prepaid", false, T2, "katfacil"));

        assertThat(changes.upserts).isEmpty();
        assertThat(changes.registeredCards).containsExactly("kc-1");
    }
}
