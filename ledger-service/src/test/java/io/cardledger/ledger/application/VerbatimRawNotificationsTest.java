package io.cardledger.ledger.application;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.LedgerEventTypes;
import io.cardledger.events.card.AuthorizationStatus;
import io.cardledger.events.card.AuthorizationView;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class VerbatimRawNotificationsTest {
    private static final ObjectMapper JSON = LedgerEventTypes.configure(new ObjectMapper())
            .registerModule(VerbatimRawNotifications.module());
    private static final ObjectMapper STANDARD = LedgerEventTypes.configure(new ObjectMapper());

    @AfterEach
    void forget() {
        VerbatimRawNotifications.forget();
    }

    private static CardNotificationRecorded recorded(RawNotification raw) {
        return new CardNotificationRecorded("card-1", "wallet-1", raw.notificationId(), 1, raw, -500, 500,
                new AuthorizationView("000123456789", AuthorizationStatus.PENDING, 500, 500, 0, 0), Set.of(),
                Instant.parse("2026-11-23T18:00:00Z"));
    }

    @Test
    void aRememberedNotificationIsCopiedAsItWasRead() throws Exception {
        RawNotification original = Notifications.of("PeticionAutorizacion", "card-1").c11("000123456789").amount(500)
                .merchant("Café «Ñandú»").raw();
        byte[] onKafka = STANDARD.writeValueAsBytes(original);
        RawNotification read = JSON.readValue(onKafka, RawNotification.class);
        String expected = STANDARD.writeValueAsString(recorded(read));

        VerbatimRawNotifications.remember(read, onKafka);
        String stored = JSON.writeValueAsString(recorded(read));

        assertThat(stored).isEqualTo(expected).contains(new String(onKafka, StandardCharsets.UTF_8));
        assertThat(JSON.readValue(stored, CardNotificationRecorded.class)).isEqualTo(recorded(read));
    }

    @Test
    void onlyThatInstanceOnThatThreadUntilForgotten() throws Exception {
        RawNotification read = Notifications.of("PeticionAutorizacion", "card-1").c11("000123456789").amount(500).raw();
        byte[] marked = ("{\"marker\":1," + STANDARD.writeValueAsString(read).substring(1)).getBytes(StandardCharsets.UTF_8);
        VerbatimRawNotifications.remember(read, marked);

        assertThat(JSON.writeValueAsString(recorded(read))).contains("\"marker\":1");
        RawNotification equalButOther = STANDARD.readValue(STANDARD.writeValueAsBytes(read), RawNotification.class);
        assertThat(equalButOther).isEqualTo(read);
        assertThat(JSON.writeValueAsString(recorded(equalButOther))).doesNotContain("marker");
        assertThat(CompletableFuture.supplyAsync(() -> write(recorded(read))).get()).doesNotContain("marker");

        VerbatimRawNotifications.forget();
        assertThat(JSON.writeValueAsString(recorded(read))).doesNotContain("marker")
                .isEqualTo(STANDARD.writeValueAsString(recorded(read)));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
