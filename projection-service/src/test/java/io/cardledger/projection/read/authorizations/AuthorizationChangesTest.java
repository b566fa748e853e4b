package io.cardledger.projection.read.authorizations;

import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.projection.LedgerFixtures;
import io.cardledger.projection.LedgerFixtures.CardStream;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationChangesTest {
    private static final LocalDateTime C7 = LocalDateTime.parse("2026-07-02T10:00:00");
    private final CardStream card = new CardStream("card1", "w1");
    private final AuthorizationChanges changes = new AuthorizationChanges();

    private void add(LedgerEventEnvelope e) throws Exception {
        changes.add(e, LedgerFixtures.JSON.treeToValue(e.payload(), LedgerEventTypes.byName(e.type()).orElseThrow()));
    }

    @Test
    void stateIsTheLastViewButFirstSeenDetailsComeFromTheAuthorization() throws Exception {
        add(card.recorded("PeticionAutorizacion", "111", "A1", "HOTEL", 10_000, -10_000, 10_000,
                new AuthorizationView("111", AuthorizationStatus.PENDING, 10_000, 10_000, 0, 0), Set.of(), C7));
        add(card.recorded("TransaccionConfirmada", "111", "", "HOTEL ROMA (BATCH)", 9_000, 1_000, -10_000,
                new AuthorizationView("111", AuthorizationStatus.SETTLED, 10_000, 0, 9_000, 1),
                Set.of(MovementFlag.SETTLED_AMOUNT_DIFFERS), C7.plusDays(1)));

        assertThat(changes.states()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(AuthorizationStatus.SETTLED);
            assertThat(s.settledMinor()).isEqualTo(9_000);
            assertThat(s.modifications()).isEqualTo(1);
            assertThat(s.authorizationCode()).isEqualTo("A1");
            assertThat(s.merchantName()).isEqualTo("HOTEL");
            assertThat(s.firstNotificationType()).isEqualTo("PeticionAutorizacion");
            assertThat(s.lastNotificationType()).isEqualTo("TransaccionConfirmada");
            assertThat(s.localTransactionTime()).isEqualTo(C7);
            assertThat(s.lastSequence()).isEqualTo(1);
        });
        assertThat(changes.steps()).extracting(AuthorizationChanges.Step::sequence).containsExactly(0L, 1L);
        assertThat(changes.steps().get(1).flags()).containsExactly("SETTLED_AMOUNT_DIFFERS");
        assertThat(changes.steps().get(1).after().status()).isEqualTo(AuthorizationStatus.SETTLED);
    }

    @Test
    void aNotificationWithoutC11TouchesNoAuthorization() throws Exception {
        add(card.recorded("DENEGADA SALDO", "", "", "SHOP", 500, 0, 0, AuthorizationView.none(""), Set.of(MovementFlag.DECLINED), C7));

        assertThat(changes.states()).isEmpty();
        assertThat(changes.steps()).isEmpty();
    }

    @Test
    void aNotificationThatLeftNoAuthorizationIsHistoryOnly() throws Exception {
        add(card.recorded("NO HAY FONDOS", "222", "", "SHOP", 500, 0, 0, AuthorizationView.none("222"), Set.of(MovementFlag.DECLINED), C7));

        assertThat(changes.states()).isEmpty();
        assertThat(changes.steps()).singleElement().satisfies(s -> assertThat(s.transactionId()).isEqualTo("222"));
    }

    @Test
    void registrationResetsTheNotificationsWaitingForTheCard() throws Exception {
        add(card.awaiting("PeticionAutorizacion", "1", 100));
        add(card.awaiting("PeticionAutorizacion", "2", 100));
        assertThat(changes.cards()).singleElement().satisfies(c -> {
            assertThat(c.awaitingDelta()).isEqualTo(2);
            assertThat(c.registered()).isFalse();
        });

        add(card.registered("u1"));

        assertThat(changes.cards()).singleElement().satisfies(c -> {
            assertThat(c.awaitingDelta()).isZero();
            assertThat(c.registered()).isTrue();
            assertThat(c.walletId()).isEqualTo("w1");
        });
    }
}
