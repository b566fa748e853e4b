package io.cardledger.ledger.card;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.support.Notifications;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A card's book knows every notification it applied (exactly-once effect), but keeps the id of one in an
 * authorization's life only there, as its fact's id: the seen set holds the others.
 */
class CardBookTest {
    private static final Rulebook RULEBOOK = Rulebook.standard();
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void everyAppliedNotificationIsSeenAndOnlyThoseOutsideALifeAreKeptInTheSeenSet() throws Exception {
        CardBook book = new CardBook();
        book.register("w-1");
        RawNotification authorization = Notifications.of("PeticionAutorizacion", "c-1").c11("000000001").amount(1_000).raw();
        RawNotification reversal = Notifications.of("ComunicacionAnulacion", "c-1").c11("000000002").amount(300).raw();
        RawNotification confirmation = Notifications.of("TransaccionConfirmada", "c-1").c11(" 000000001 ").amount(1_000).raw();
        RawNotification decline = Notifications.of("Denegada", "c-1").c11("000000003").amount(500).raw();
        RawNotification noC11 = Notifications.of("TransaccionConfirmada", "c-1").amount(200).raw();
        RawNotification unreadable = Notifications.of("PeticionAutorizacion", "c-1").c11("000000004")
                .with("c4ImporteTransaccion", "12,5").raw();
        List<RawNotification> all = List.of(authorization, reversal, confirmation, decline, noC11, unreadable);
        // (a reversal before its authorization is parked: in its life, and among the parked ones)
        for (RawNotification raw : all) {
            assertThat(book.hasSeen(raw)).isFalse();
            apply(book, raw);
        }

        for (RawNotification raw : all) {
            assertThat(book.hasSeen(raw)).as(raw.notification().type()).isTrue();
        }
        JsonNode snapshot = JSON.valueToTree(book);
        List<String> kept = new ArrayList<>();
        snapshot.get("seenNotifications").forEach(id -> kept.add(id.asText()));
        assertThat(kept).containsExactlyInAnyOrder(decline.notificationId(), noC11.notificationId(), unreadable.notificationId());

        // and a book read back from its snapshot knows them all as well
        CardBook read = JSON.treeToValue(snapshot, CardBook.class);
        for (RawNotification raw : all) {
            assertThat(read.hasSeen(raw)).as(raw.notification().type()).isTrue();
        }
        assertThat(read.hasSeen(Notifications.of("TransaccionConfirmada", "c-1").c11("000000001").amount(999).raw()))
                .as("another notification of the same life").isFalse();
        assertThat(read.estimatedHeapBytes()).isEqualTo(book.estimatedHeapBytes());
    }

    @Test
    void aNotificationWaitingForTheCardIsSeen() {
        CardBook book = new CardBook();
        RawNotification waiting = Notifications.of("PeticionAutorizacion", "c-1").c11("000000001").amount(1_000).raw();

        book.await(waiting);

        assertThat(book.hasSeen(waiting)).isTrue();
    }

    private static void apply(CardBook book, RawNotification raw) {
        for (Rulebook.Decision d : RULEBOOK.decide(book, raw)) {
            book.record(Card.recorded("c-1", book.walletId(), d, Set.of(), Instant.EPOCH, RULEBOOK));
        }
    }
}
