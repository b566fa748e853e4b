package io.cardledger.ledger.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.card.CardRegistered;
import io.cardledger.events.card.MovementFlag;
import io.cardledger.events.card.NotificationAwaitingCard;
import io.cardledger.events.json.FastIsoTimesModule;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.PayInRecorded;
import io.cardledger.events.wallet.TransferSent;
import io.cardledger.events.wallet.WalletRegistered;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's ObjectMapper carries Blackbird (generated accessors) next to the verbatim-notification
 * and ISO-times modules. Stored events must stay byte for byte what the contracts' plain
 * ObjectMapper writes, and read back equal, whichever order the modules were registered in.
 */
class BlackbirdJsonTest {
    private static final ObjectMapper STANDARD = LedgerEventTypes.configure(new ObjectMapper());
    private static final List<ObjectMapper> LEDGER = List.of(
            LedgerEventTypes.configure(new ObjectMapper()).registerModule(new FastIsoTimesModule())
                    .registerModule(new BlackbirdModule()).registerModule(VerbatimRawNotifications.module()),
            LedgerEventTypes.configure(new ObjectMapper()).registerModule(VerbatimRawNotifications.module())
                    .registerModule(new BlackbirdModule()).registerModule(new FastIsoTimesModule()));

    @AfterEach
    void forget() {
        VerbatimRawNotifications.forget();
    }

    @Test
    void everyKindOfEventIsWrittenAndReadAsWithoutIt() throws Exception {
        RawNotification raw = Notifications.of("PeticionAutorizacion", "card-1").c11("000123456789").amount(1234)
                .merchant("Café «Ñandú» \"quoted\"").raw();
        Instant at = Instant.parse("2026-11-23T18:00:00.120Z");
        Balance balance = new Balance(98_766, 1_234, "USD");
        List<Object> events = List.of(
                new CardRegistered("card-1", "wallet-1", "user-1", "prepaid", true, at),
                new NotificationAwaitingCard("card-1", raw),
                new CardNotificationRecorded("card-1", "wallet-1", raw.notificationId(), 1, raw, -1234, 1234,
                        new AuthorizationView("000123456789", AuthorizationStatus.PENDING, 1234, 1234, 0, 0),
                        Set.of(MovementFlag.SETTLED_AMOUNT_DIFFERS), at),
                new CardMovementPosted("wallet-1", raw.notificationId(), "card-1", raw.notificationId(),
                        "PeticionAutorizacion", NotificationKind.AUTHORIZATION, false, "000123456789", "A1B2C3",
                        "Café «Ñandú»", "M-1", "5411", 1234, -1234, 1234, balance, AuthorizationStatus.PENDING,
                        Set.of(), 1, LocalDateTime.parse("2026-11-23T17:59:58"), at),
                new WalletRegistered("wallet-1", "user-1", "USD", 0, at),
                new PayInRecorded("wallet-1", "op-1", 100_000, "USD", "top-up", balance, at),
                new TransferSent("wallet-1", "op-2", "wallet-2", 500, "USD", "rent", balance, Instant.EPOCH));

        for (ObjectMapper ledger : LEDGER) {
            for (Object event : events) {
                byte[] expected = STANDARD.writeValueAsBytes(event);
                assertThat(ledger.writeValueAsBytes(event)).as(event.getClass().getSimpleName()).isEqualTo(expected);
                assertThat(ledger.readValue(expected, event.getClass())).isEqualTo(event);
            }
        }
    }

    @Test
    void aRememberedNotificationIsStillCopiedVerbatim() throws Exception {
        RawNotification original = Notifications.of("TransaccionConfirmada", "card-1").c11("000123456789").amount(900).raw();
        byte[] onKafka = ("{\"marker\":1," + STANDARD.writeValueAsString(original).substring(1)).getBytes();
        for (ObjectMapper ledger : LEDGER) {
            RawNotification read = ledger.readValue(onKafka, RawNotification.class);
            VerbatimRawNotifications.remember(read, onKafka);
            assertThat(ledger.writeValueAsString(new NotificationAwaitingCard("card-1", read))).contains("\"marker\":1");
            VerbatimRawNotifications.forget();
        }
    }
}
