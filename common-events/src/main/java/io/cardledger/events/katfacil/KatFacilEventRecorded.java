package io.cardledger.events.katfacil;

import io.cardledger.events.card.MovementFlag;

import java.time.Instant;
import java.util.Set;

/**
 * A fact that the ledger applied one KatFacil event to the card: what it did and what it moved.
 * It carries the raw event, so a replay under other rules can recompute it.
 *
 * @param walletId            the card's wallet (for a newcard: the wallet it was registered on)
 * @param walletCurrency      that wallet's currency
 * @param movementId          unique per application: the event key
 * @param availableDeltaMinor change to the wallet's available balance (withheld never moves for KatFacil)
 * @param flags               why an event moved nothing although it names money, and other things to look at
 */
public record KatFacilEventRecorded(
        String cardId,
        String walletId,
        String walletCurrency,
        String movementId,
        RawKatFacilEvent event,
        KatFacilEffect effect,
        long availableDeltaMinor,
        Set<MovementFlag> flags,
        Instant recordedAt) implements KatFacilCardEvent {
}
