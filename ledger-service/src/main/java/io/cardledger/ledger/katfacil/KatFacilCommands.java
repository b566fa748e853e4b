package io.cardledger.ledger.katfacil;

import io.cardledger.events.katfacil.RawKatFacilEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** Commands the KatFacil card handles. Time comes in with the command: aggregates never read a clock. */
public final class KatFacilCommands {
    private KatFacilCommands() {
    }

    /**
     * Event-store identifier of a KatFacil card's event book. Its own prefix: the card's registration
     * (wallet, user, issuer) is on the card's {@code card:<cardId>} stream like any card's, the KatFacil
     * events it received on this one.
     */
    public static String aggregateId(String cardId) {
        return "katfacil:" + cardId;
    }

    /**
     * Applies one KatFacil event.
     *
     * @param walletId       for a newcard: the wallet the card was registered on; otherwise null
     * @param walletCurrency for a newcard: that wallet's currency; otherwise null
     */
    public record RecordEvent(String cardId, RawKatFacilEvent event, String walletId, String walletCurrency, Instant recordedAt) {
        @TargetAggregateIdentifier
        public String aggregateId() {
            return KatFacilCommands.aggregateId(cardId);
        }
    }
}
