package io.cardledger.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.LedgerEventEnvelope;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.events.wallet.PayOutRecorded;
import io.cardledger.events.wallet.TransferReceived;
import io.cardledger.events.wallet.TransferSent;
import io.cardledger.events.wallet.WalletRegistered;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds ledger envelopes the way the ledger publishes them: one stream per aggregate with
 * gap-free sequences and, for wallets, the running balance in every movement's balanceAfter.
 */
public final class LedgerFixtures {
    public static final ObjectMapper JSON = LedgerEventTypes.configure(new ObjectMapper());
    private static final AtomicLong GLOBAL_INDEX = new AtomicLong();

    private LedgerFixtures() {
    }

    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    public static LedgerEventEnvelope envelope(String aggregateType, String aggregateId, long sequence, String type, Object payload) {
        return new LedgerEventEnvelope(UUID.randomUUID().toString(), aggregateType, aggregateId, sequence,
                GLOBAL_INDEX.incrementAndGet(), type, Instant.now(), JSON.valueToTree(payload));
    }

    public static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One wallet's event stream; tracks the sequence and the balance like the Wallet aggregate. */
    public static final class WalletStream {
        public final String walletId;
        public final String currency;
        private long sequence;
        private long available;
        private long withheld;

        public WalletStream(String walletId, String currency) {
            this.walletId = walletId;
            this.currency = currency;
        }

        public long nextSequence() {
            return sequence;
        }

        /** Jumps the stream forward, as if the skipped events were lost on the way. */
        public void lose(int events) {
            sequence += events;
        }

        public Balance balance() {
            return new Balance(available, withheld, currency);
        }

        public LedgerEventEnvelope registered(String userId) {
            return next("WalletRegistered", new WalletRegistered(walletId, userId, currency, 1, Instant.now()));
        }

        public LedgerEventEnvelope payIn(String operationId, long amountMinor, Instant at) {
            move(amountMinor, 0);
            return next("PayInRecorded", new PayInRecorded(walletId, operationId, amountMinor, currency, "pay-in", balance(), at));
        }

        public LedgerEventEnvelope payOut(String operationId, long amountMinor, Instant at) {
            move(-amountMinor, 0);
            return next("PayOutRecorded", new PayOutRecorded(walletId, operationId, amountMinor, currency, "pay-out", balance(), at));
        }

        public LedgerEventEnvelope transferSent(String operationId, String to, long amountMinor, Instant at) {
            move(-amountMinor, 0);
            return next("TransferSent", new TransferSent(walletId, operationId, to, amountMinor, currency, "rent", balance(), at));
        }

        public LedgerEventEnvelope transferReceived(String operationId, String from, long amountMinor, Instant at) {
            move(amountMinor, 0);
            return next("TransferReceived", new TransferReceived(walletId, operationId, from, amountMinor, currency, "refund", balance(), at));
        }

        public LedgerEventEnvelope card(CardLine line) {
            move(line.availableDeltaMinor(), line.withheldDeltaMinor());
            CardMovementPosted posted = new CardMovementPosted(walletId, line.movementId(), line.cardId(), line.movementId(),
                    line.c1Tipo(), NotificationKind.of(line.c1Tipo()), false, line.c11(), line.c38(), line.merchantName(),
                    line.merchantId(), line.mcc(), line.amountMinor(), line.availableDeltaMinor(), line.withheldDeltaMinor(),
                    balance(), line.status(), line.flags(), 1, line.c7(), line.c7().toInstant(java.time.ZoneOffset.UTC).plusSeconds(2));
            return next("CardMovementPosted", posted);
        }

        /** A movement with a balance given outright (for invariants the test chooses). */
        public LedgerEventEnvelope payInWithBalance(String operationId, long amountMinor, long availableAfter, long withheldAfter) {
            available = availableAfter;
            withheld = withheldAfter;
            return next("PayInRecorded", new PayInRecorded(walletId, operationId, amountMinor, currency, "pay-in", balance(), Instant.now()));
        }

        /** Any event type name with any payload, e.g. one a newer ledger invented. */
        public LedgerEventEnvelope other(String type, Object payload) {
            return next(type, payload);
        }

        private void move(long availableDelta, long withheldDelta) {
            available += availableDelta;
            withheld += withheldDelta;
        }

        private LedgerEventEnvelope next(String type, Object payload) {
            return envelope("Wallet", walletId, sequence++, type, payload);
        }
    }

    /** What a CardMovementPosted shows; the wallet stream adds the balance. */
    public record CardLine(String cardId, String movementId, String c1Tipo, String c11, String c38, String merchantName,
                           String merchantId, String mcc, long amountMinor, long availableDeltaMinor, long withheldDeltaMinor,
                           AuthorizationStatus status, Set<MovementFlag> flags, LocalDateTime c7) {
    }

    /** One card's event stream. */
    public static final class CardStream {
        public final String cardId;
        public final String walletId;
        private long sequence;

        public CardStream(String cardId, String walletId) {
            this.cardId = cardId;
            this.walletId = walletId;
        }

        public LedgerEventEnvelope registered(String userId) {
            return next("CardRegistered", new CardRegistered(cardId, walletId, userId, "prepaid", false, Instant.now()));
        }

        public LedgerEventEnvelope awaiting(String c1Tipo, String c11, long amountMinor) {
            return next("NotificationAwaitingCard", new NotificationAwaitingCard(cardId,
                    raw(c1Tipo, c11, amountMinor, "", "MERCHANT", LocalDateTime.now())));
        }

        public LedgerEventEnvelope recorded(String c1Tipo, String c11, String c38, String merchant, long amountMinor,
                                            long availableDelta, long withheldDelta, AuthorizationView after,
                                            Set<MovementFlag> flags, LocalDateTime c7) {
            RawNotification raw = raw(c1Tipo, c11, amountMinor, c38, merchant, c7);
            return next("CardNotificationRecorded", new CardNotificationRecorded(cardId, walletId, raw.notificationId(), 1, raw,
                    availableDelta, withheldDelta, after, flags, Instant.now()));
        }

        private RawNotification raw(String c1Tipo, String c11, long amountMinor, String c38, String merchant, LocalDateTime c7) {
            ObjectNode body = JSON.createObjectNode();
            body.put("c1Tipo", c1Tipo).put("c2CardId", cardId).put("c4ImporteTransaccion", String.format("%012d", amountMinor))
                    .put("c11NumeroIdentificativoTransaccion", c11).put("c43IdentificadorComercio", merchant);
            CardNotification n = new CardNotification(c1Tipo, cardId, "000000", amountMinor, c7, null, c11, "5812", "724", c38,
                    "T1", "M-" + merchant.hashCode(), merchant, null, null, null, false, false, false);
            return new RawNotification(RawNotification.SCHEMA_VERSION, "n-" + UUID.randomUUID(), Instant.now(), n, body);
        }

        /** Any event type name with any payload (issue 21's card events). */
        public LedgerEventEnvelope other(String type, Object payload) {
            return next(type, payload);
        }

        private LedgerEventEnvelope next(String type, Object payload) {
            return envelope("Card", cardId, sequence++, type, payload);
        }
    }
}
