package io.cardledger.ledger.katfacil;

import io.cardledger.events.katfacil.RawKatFacilEvent;
import io.cardledger.ledger.card.CardStatus;
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
     * @param controls       the card's state as the ledger's card controls keep it (blocked or cancelled through
     *                       {@code /api/v1/cards/{id}/block|cancel}, or by KatFacil's freeze) when the event is
     *                       applied; null when unknown (no card registered yet, or an event that moves no money)
     */
    public record RecordEvent(String cardId, RawKatFacilEvent event, String walletId, String walletCurrency, Instant recordedAt,
                              CardStatus controls) {
        public RecordEvent(String cardId, RawKatFacilEvent event, String walletId, String walletCurrency, Instant recordedAt) {
            this(cardId, event, walletId, walletCurrency, recordedAt, null);
        }

        @TargetAggregateIdentifier
        public String aggregateId() {
            return KatFacilCommands.aggregateId(cardId);
        }
    }
}
