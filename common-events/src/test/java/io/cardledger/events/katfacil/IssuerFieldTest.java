package io.cardledger.events.katfacil;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.card.Issuers;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The issuer field leaves PayCaddy's stored and published events byte for byte as they were. */
class IssuerFieldTest {
    private static final ObjectMapper JSON = LedgerEventTypes.configure(new ObjectMapper());
    private static final Instant AT = Instant.parse("2026-05-01T00:00:00Z");

    private static CardMovementPosted movement(String issuer) {
        return new CardMovementPosted("w-1", "m-1", "c-1", "n-1", "PeticionAutorizacion", null, false, "000001", null, null, null,
                null, 100, -100, 100, new Balance(0, 100, "USD"), null, Set.of(MovementFlag.NEGATIVE_AVAILABLE), 1, null, AT, issuer);
    }

    @Test
    void payCaddyEventsCarryNoIssuerAndReadAsPayCaddy() throws Exception {
        String movement = JSON.writeValueAsString(movement(null));
        String card = JSON.writeValueAsString(new CardRegistered("c-1", "w-1", "u-1", "prepaid", false, AT));

        assertThat(movement).doesNotContain("issuer");
        assertThat(card).doesNotContain("issuer");
        assertThat(JSON.readValue(movement, CardMovementPosted.class).issuerName()).isEqualTo(Issuers.PAYCADDY);
        assertThat(JSON.readValue(card, CardRegistered.class).issuerName()).isEqualTo(Issuers.PAYCADDY);
    }

    @Test
    void katFacilEventsSayWhoseTheyAre() throws Exception {
        CardMovementPosted read = JSON.readValue(JSON.writeValueAsString(movement(Issuers.KATFACIL)), CardMovementPosted.class);
        CardRegistered card = JSON.readValue(JSON.writeValueAsString(
                new CardRegistered("c-1", "w-1", "u-1", "prepaid", false, AT, Issuers.KATFACIL)), CardRegistered.class);

        assertThat(read).isEqualTo(movement(Issuers.KATFACIL));
        assertThat(card.issuerName()).isEqualTo(Issuers.KATFACIL);
    }
}
