package io.cardledger.ledger.wallet;

import io.cardledger.events.card.MovementFlag;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Set;

/**
 * Posts one movement another issuer's card decided (KatFacil: docs/rulebook.md) to the card's wallet.
 * A fact: always applied, even below zero (flagged). Only available moves; withheld never does.
 *
 * @param issuer     "katfacil"
 * @param eventId    the issuer event's key (for the transaction list's notificationId)
 * @param eventType  the issuer's event name
 * @param amountMinor the amount the event names, in the wallet's minor units (0 when it could not be read)
 */
public record PostIssuerMovement(String walletId, String issuer, String movementId, String cardId, String eventId,
                                 String eventType, String transactionId, String merchantName, long amountMinor,
                                 long availableDeltaMinor, Set<MovementFlag> flags, int rulesVersion,
                                 LocalDateTime transactionTime, Instant postedAt) {
    @TargetAggregateIdentifier
    public String aggregateId() {
        return WalletCommands.aggregateId(walletId);
    }
}
