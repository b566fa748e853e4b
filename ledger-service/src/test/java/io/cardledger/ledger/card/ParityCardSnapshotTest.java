package io.cardledger.ledger.card;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.CardBlocked;
import io.cardledger.events.card.CardMonthlyLimitSet;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.ChargebackOutcome;
import io.cardledger.events.card.ChargebackRequested;
import io.cardledger.events.card.ChargebackStatusReported;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21: a card's status, limit and chargebacks survive a snapshot (revision rulebook-1.1+card-state). */
class ParityCardSnapshotTest {
    private static final ObjectMapper JSON = LedgerEventTypes.configure(new ObjectMapper());
    private static final Instant AT = Instant.parse("2026-04-29T06:00:00Z");

    @Test
    void theCardsControlsAndChargebacksReadBackFromItsSnapshot() throws Exception {
        Card card = new Card();
        card.on(new CardRegistered("c-1", "w-1", "u-1", "credit", true, AT));
        card.on(new CardBlocked("c-1", AT));
        card.on(new CardMonthlyLimitSet("c-1", 1_500, 0, AT));
        card.on(new ChargebackRequested("c-1", "w-1", "000001", AT));
        card.on(new ChargebackStatusReported("c-1", "w-1", "000001", "r-1", "Won", ChargebackOutcome.WON, null, 900, true, "{}", AT));

        String snapshot = JSON.writeValueAsString(card);
        Card back = JSON.readValue(snapshot, Card.class);

        assertThat(JSON.writeValueAsString(back)).isEqualTo(snapshot);
        assertThat(snapshot).contains("\"status\":\"BLOCKED\"").contains("\"monthlyLimitMinor\":1500").contains("\"creditedMinor\":900");
    }
}
