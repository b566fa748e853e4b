package io.cardledger.ledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.notification.RawNotification;
import io.cardledger.ledger.card.Card;
import io.cardledger.ledger.card.CardBook;
import io.cardledger.ledger.card.Rulebook;
import io.cardledger.ledger.katfacil.KatFacilBook;
import io.cardledger.ledger.support.Notifications;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Heap that a card's book takes once it has applied N notifications: what each card in the card cache costs.
 * The book remembers every notification id it applied (exactly-once effect) and every authorization's life
 * (order independence over the whole life), so a card's footprint grows with its history.
 *
 * <p>Args: [cards, default 2000] [notifications per card, default 300]. Each card's history is lives of an
 * authorization and its confirmation, every fifth with a partial reversal in between. The books are built as the
 * Card aggregate builds them (rulebook decisions, then {@code CardBook.record}); then the same books are read back
 * from their JSON (what a card loaded from its snapshot holds). Heap is measured after full collections.
 */
public final class CardMemoryBenchmark {
    public static void main(String[] args) throws Exception {
        int cards = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int perCard = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Rulebook rulebook = Rulebook.standard();
        // as Spring Boot configures the mapper of Axon's snapshot serializer: unknown properties (derived getters) ignored
        ObjectMapper json = new ObjectMapper().findAndRegisterModules()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Instant at = Instant.parse("2026-12-06T00:00:00Z");

        long before = usedAfterGc();
        List<CardBook> books = new ArrayList<>(cards);
        for (int c = 0; c < cards; c++) {
            String cardId = "card-" + c;
            CardBook book = new CardBook();
            book.register("wallet-" + c);
            int applied = 0;
            for (int life = 0; applied < perCard; life++) {
                String c11 = String.format("%012d", (long) c * 1_000_000 + life);
                List<RawNotification> notifications = new ArrayList<>();
                notifications.add(Notifications.of("PeticionAutorizacion", cardId).c11(c11).amount(10_000).raw());
                if (life % 5 == 0) {
                    notifications.add(Notifications.of("ComunicacionAnulacion", cardId).c11(c11).amount(2_500).raw());
                }
                notifications.add(Notifications.of("TransaccionConfirmada", cardId).c11(c11).amount(7_500).raw());
                for (RawNotification raw : notifications) {
                    if (applied++ == perCard) {
                        break;
                    }
                    for (Rulebook.Decision d : rulebook.decide(book, raw)) {
                        book.record(Card.recorded(cardId, book.walletId(), d, Set.of(), at, rulebook));
                    }
                }
            }
            books.add(book);
        }
        long built = usedAfterGc() - before;
        report("built by the aggregate", built, cards, perCard);
        long estimated = books.stream().mapToLong(CardBook::estimatedHeapBytes).sum();
        System.out.printf("the card cache's estimate (CardBook.estimatedHeapBytes): %,d bytes per card, %.2f of the measured%n",
                estimated / cards, (double) estimated / built);

        byte[][] snapshots = new byte[cards][];
        long snapshotBytes = 0;
        for (int c = 0; c < cards; c++) {
            snapshots[c] = json.writeValueAsBytes(books.get(c));
            snapshotBytes += snapshots[c].length;
        }
        books.clear();
        long beforeRead = usedAfterGc();
        List<CardBook> read = new ArrayList<>(cards);
        for (byte[] s : snapshots) {
            read.add(json.readValue(s, CardBook.class));
        }
        long readBytes = usedAfterGc() - beforeRead;
        // the JSON stays in both measurements; without the fence the JIT may let it be collected in the second
        java.lang.ref.Reference.reachabilityFence(snapshots);
        report("read back from JSON (as from a snapshot)", readBytes, cards, perCard);
        System.out.printf("the card cache's estimate: %.2f of the measured%n",
                (double) read.stream().mapToLong(CardBook::estimatedHeapBytes).sum() / readBytes);
        System.out.printf("JSON of a book: %,d bytes per card, %.0f bytes per notification%n",
                snapshotBytes / cards, (double) snapshotBytes / cards / perCard);
        System.out.printf("check: %d books read, first has seen its first notification: %s%n", read.size(),
                read.get(0).life(String.format("%012d", 0L)).isEmpty() ? "no (wrong)" : "yes");
        read.clear();
        katFacilBooks(json, cards, perCard);
    }

    /**
     * KatFacil cards, as read from their snapshots: each event of a completed transaction leaves its event key and its
     * money id ({@code transaction:<id>}). Built from snapshot JSON of that shape (the book's own fields).
     */
    private static void katFacilBooks(ObjectMapper json, int cards, int perCard) throws Exception {
        byte[][] snapshots = new byte[cards][];
        for (int c = 0; c < cards; c++) {
            StringBuilder seen = new StringBuilder();
            StringBuilder money = new StringBuilder();
            for (int e = 0; e < perCard; e++) {
                String sep = e == 0 ? "" : ",";
                seen.append(sep).append('"').append(io.cardledger.events.notification.NotificationIds
                        .ofText("kf-", "event_id\u0000" + c + "-" + e)).append('"');
                money.append(sep).append("\"transaction:").append(UUID.nameUUIDFromBytes((c + "-" + e).getBytes())).append('"');
            }
            snapshots[c] = ("{\"walletId\":\"w-" + c + "\",\"walletCurrency\":\"USD\",\"frozen\":false,\"seen\":[" + seen
                    + "],\"moneyIds\":[" + money + "],\"pendingFundings\":[],\"awaitingCard\":[]}").getBytes(StandardCharsets.UTF_8);
        }
        List<KatFacilBook> books = new ArrayList<>(cards);
        for (byte[] s : snapshots) {
            books.add(json.readValue(s, KatFacilBook.class));
        }
        // measured as what the heap gives back when the books go: nothing else is freed in between
        long with = usedAfterGc();
        long estimated = books.stream().mapToLong(KatFacilBook::estimatedHeapBytes).sum();
        String check = books.get(0).moneyMoved("transaction:" + UUID.nameUUIDFromBytes("0-0".getBytes())) ? "yes" : "no (wrong)";
        books = null;
        long bytes = with - usedAfterGc();
        java.lang.ref.Reference.reachabilityFence(snapshots);
        report("KatFacil cards read from JSON (an event key and a money id per event)", bytes, cards, perCard);
        System.out.printf("the KatFacil card cache's estimate (KatFacilBook.estimatedHeapBytes): %.2f of the measured%n",
                (double) estimated / bytes);
        System.out.printf("check: first KatFacil book has its first money id: %s%n", check);
    }

    private static void report(String what, long bytes, int cards, int perCard) {
        System.out.printf("%s: %,d bytes for %,d cards of %d notifications = %,d bytes per card, %.0f bytes per notification%n",
                what, bytes, cards, perCard, bytes / cards, (double) bytes / cards / perCard);
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
