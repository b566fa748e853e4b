package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cardledger.events.card.Issuers;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEvent;
import io.cardledger.events.katfacil.KatFacilEventAwaitingCard;
import io.cardledger.events.katfacil.KatFacilEventRecorded;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.events.wallet.WalletRegistered;

import java.time.Instant;
import java.util.Set;

/**
 * One event of a card's or wallet's stream as an analyst reads it: what arrived (c1Tipo, c4, c11),
 * what it did (deltas, flags) and, for wallets, the balance after it. {@code issuer} says whose card
 * it concerns; for KatFacil events c1Tipo is the event name, c4 the amount in minor units, c11 the
 * transaction or funding id, notificationId the event key and {@code effect} what the rules did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamEntry(
        long sequence,
        Instant timestamp,
        String type,
        String movementId,
        String notificationId,
        String c1Tipo,
        Long c4,
        String c11,
        Long availableDelta,
        Long withheldDelta,
        Set<MovementFlag> flags,
        String authorizationStatus,
        Long availableAfter,
        Long withheldAfter,
        String currency,
        String issuer,
        String effect) {

    public static StreamEntry of(StoredEvent e) {
        Object p = e.payload();
        if (p instanceof CardNotificationRecorded r) {
            CardNotification n = r.notification().notification();
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), r.movementId(), r.notificationId(), n.type(),
                    n.amountMinor(), n.transactionId(), r.availableDeltaMinor(), r.withheldDeltaMinor(), WhatIfReplay.sorted(r.flags()),
                    r.authorization().status().name(), null, null, null, Issuers.PAYCADDY, null);
        }
        if (p instanceof NotificationAwaitingCard a) {
            CardNotification n = a.notification().notification();
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), null, a.notification().notificationId(), n.type(),
                    n.amountMinor(), n.transactionId(), null, null, null, null, null, null, null, Issuers.PAYCADDY, null);
        }
        if (p instanceof CardRegistered r) {
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), null, null, null, null, null, null, null, null,
                    null, null, null, null, r.issuerName(), null);
        }
        if (p instanceof KatFacilEventRecorded r) {
            KatFacilEvent k = r.event().event();
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), r.movementId(), r.event().eventKey(), k.eventName(),
                    k.amountMinor(), katFacilId(k), r.availableDeltaMinor(), 0L, WhatIfReplay.sorted(r.flags()), null, null, null,
                    k.currency(), Issuers.KATFACIL, r.effect().name());
        }
        if (p instanceof KatFacilEventAwaitingCard a) {
            KatFacilEvent k = a.event().event();
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), null, a.event().eventKey(), k.eventName(),
                    k.amountMinor(), katFacilId(k), null, null, null, null, null, null, k.currency(), Issuers.KATFACIL, null);
        }
        if (p instanceof CardMovementPosted m) {
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), m.movementId(), m.notificationId(),
                    m.notificationType(), m.amountMinor(), m.transactionId(), m.availableDeltaMinor(), m.withheldDeltaMinor(),
                    WhatIfReplay.sorted(m.flags()), m.authorizationStatus() == null ? null : m.authorizationStatus().name(),
                    m.balanceAfter().availableMinor(), m.balanceAfter().withheldMinor(), m.balanceAfter().currency(),
                    m.issuerName(), null);
        }
        if (p instanceof WalletMovement m) {
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), m.movementId(), null, null, null, null,
                    m.availableDeltaMinor(), m.withheldDeltaMinor(), null, null,
                    m.balanceAfter().availableMinor(), m.balanceAfter().withheldMinor(), m.balanceAfter().currency(), null, null);
        }
        if (p instanceof WalletRegistered w) {
            return new StreamEntry(e.sequence(), e.timestamp(), e.type(), null, null, null, null, null, null, null, null,
                    null, 0L, 0L, w.currency(), null, null);
        }
        return bare(e);
    }

    private static StreamEntry bare(StoredEvent e) {
        return new StreamEntry(e.sequence(), e.timestamp(), e.type(), null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    private static String katFacilId(KatFacilEvent k) {
        return k.transactionId() != null ? k.transactionId() : k.fundingId();
    }
}
