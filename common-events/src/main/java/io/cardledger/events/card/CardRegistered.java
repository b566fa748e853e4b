package io.cardledger.events.card;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A fact that the integrator issued this card on this wallet (after doing it at the issuer), or
 * that KatFacil reported a new card ({@code issuer} "katfacil").
 *
 * @param issuer null for PayCaddy cards (left out of the JSON); read it with {@link #issuerName()}
 */
public record CardRegistered(
        String cardId,
        String walletId,
        String userId,
        String product,
        boolean physical,
        Instant registeredAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String issuer) implements CardEvent {

    @JsonCreator
    public CardRegistered {
    }

    /** A PayCaddy card. */
    public CardRegistered(String cardId, String walletId, String userId, String product, boolean physical, Instant registeredAt) {
        this(cardId, walletId, userId, product, physical, registeredAt, null);
    }

    /** "paycaddy" or "katfacil". */
    public String issuerName() {
        return Issuers.of(issuer);
    }
}
