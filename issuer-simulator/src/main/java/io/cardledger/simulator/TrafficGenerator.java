package io.cardledger.simulator;

import io.cardledger.testing.model.Note;
import io.cardledger.testing.model.Story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The issuer's traffic for one run, fixed entirely by its {@link Settings} (the seed included): which
 * cards exist, which lives ({@link Story}, the reference model's unit) each card goes through, and the
 * order and timing of every webhook delivery with the faults the issuer adds (redeliveries, late and
 * out-of-order deliveries). The same settings give the same plan, delivery for delivery.
 */
public final class TrafficGenerator {

    /** How much of each family of stories a day holds (relative weights). */
    public record Mix(int lives, int moneySend, int refunds, int declines, int unknown) {
        public static final Mix DEFAULT = new Mix(80, 6, 5, 6, 3);

        int total() {
            return lives + moneySend + refunds + declines + unknown;
        }
    }

    /**
     * @param seed         everything random below comes from it
     * @param runId        prefix of every card, wallet and operation id (a second run on the same stack stays apart)
     * @param cards        cards, one wallet each
     * @param notifications issuer notifications to send, redeliveries not counted
     * @param duplicates   redeliveries per notification, later: 0.2 redelivers a fifth once, 2 sends each three times
     * @param reorder      share of notifications held back so that later ones overtake them (0..1)
     * @param delayMaxMs   longest hold-back of a late delivery or redelivery, ms
     * @param fundsMinor   each wallet's pay-in before the traffic, minor units
     * @param mix          the families' weights
     */
    public record Settings(long seed, String runId, int cards, int notifications, double duplicates, double reorder,
                           long delayMaxMs, long fundsMinor, Mix mix) {
    }

    /** A card, its wallet, and the stories it lives through. */
    public record CardPlan(String cardId, String walletId, String userId, List<Story> stories) {
        /** The reference model's final {available, withheld} of the wallet, funds included. */
        public long[] expectedBalance(long fundsMinor) {
            long available = fundsMinor;
            long withheld = 0;
            for (Story s : stories) {
                long[] e = s.expectedEffect();
                available = Math.addExact(available, e[0]);
                withheld = Math.addExact(withheld, e[1]);
            }
            return new long[]{available, withheld};
        }
    }

    /**
     * One webhook delivery.
     *
     * @param seq       its place in the issuer's order (before hold-backs)
     * @param card      index of the card
     * @param note      the notification
     * @param duplicate whether it is a redelivery of an earlier delivery
     * @param delayMs   how long after its place in the order it is sent (hold-back), ms
     */
    public record Delivery(int seq, int card, Note note, boolean duplicate, long delayMs) {
    }

    public record Plan(Settings settings, List<CardPlan> cards, List<Delivery> deliveries) {
        public int duplicateCount() {
            return (int) deliveries.stream().filter(Delivery::duplicate).count();
        }

        public Map<String, long[]> expectedBalances() {
            Map<String, long[]> m = new LinkedHashMap<>();
            cards.forEach(c -> m.put(c.walletId(), c.expectedBalance(settings.fundsMinor())));
            return m;
        }
    }

    private static final Story.Kind[] LIVES = {
            Story.Kind.AUTH_CONFIRM, Story.Kind.AUTH_CONFIRM, Story.Kind.AUTH_CONFIRM, Story.Kind.AUTH_CONFIRM,
            Story.Kind.AUTH_CONFIRM_OTHER_AMOUNT, Story.Kind.AUTH_REVERSAL, Story.Kind.AUTH_REVERSAL,
            Story.Kind.AUTH_POSITIVA, Story.Kind.AUTH_NEGATIVA, Story.Kind.AUTH_ADVICE, Story.Kind.AUTH_ONLY,
            Story.Kind.CONFIRM_ONLY, Story.Kind.POSITIVA_ONLY, Story.Kind.NEGATIVA_ONLY};
    private static final Story.Kind[] MONEY_SEND = {
            Story.Kind.MONEYSEND, Story.Kind.MONEYSEND_CONFIRM, Story.Kind.MONEYSEND_CONFIRM, Story.Kind.MONEYSEND_REVERSAL};
    /** How many notifications later, at most, a story's second notification follows its first. */
    static final int LIFE_SPREAD = 64;

    private TrafficGenerator() {
    }

    public static Plan generate(Settings s) {
        if (s.cards() < 1 || s.notifications() < 0) {
            throw new IllegalArgumentException("need at least one card and no negative notification count");
        }
        Random random = new Random(s.seed());
        List<List<Story>> storiesOf = new ArrayList<>();
        for (int i = 0; i < s.cards(); i++) {
            storiesOf.add(new ArrayList<>());
        }
        record Placed(double at, int card, Note note) {
        }
        List<Placed> placed = new ArrayList<>();
        int notes = 0;
        int story = 0;
        while (notes < s.notifications()) {
            Story st = story(random, s.mix(), s.notifications() - notes);
            int card = random.nextInt(s.cards());
            storiesOf.get(card).add(st);
            List<Note> ns = st.notes(String.format("%09d", ++story));
            double at = notes;
            for (Note n : ns) {
                placed.add(new Placed(at, card, n));
                at += 1 + random.nextInt(LIFE_SPREAD);
            }
            notes += ns.size();
        }
        placed.sort(Comparator.comparingDouble(Placed::at));
        List<Delivery> deliveries = new ArrayList<>();
        int seq = 0;
        for (Placed p : placed) {
            long delay = random.nextDouble() < s.reorder() ? 1 + (long) (random.nextDouble() * s.delayMaxMs()) : 0;
            deliveries.add(new Delivery(seq++, p.card(), p.note(), false, delay));
            // 0.2: one redelivery for a fifth of them; 2.0: every notification three times in all.
            int copies = (int) s.duplicates();
            if (random.nextDouble() < s.duplicates() - copies) {
                copies++;
            }
            for (int c = 0; c < copies; c++) {
                deliveries.add(new Delivery(seq++, p.card(), p.note(), true, (long) (random.nextDouble() * s.delayMaxMs())));
            }
        }
        List<CardPlan> cards = new ArrayList<>();
        for (int i = 0; i < s.cards(); i++) {
            String n = String.format("%05d", i + 1);
            cards.add(new CardPlan(s.runId() + "-c" + n, s.runId() + "-w" + n, s.runId() + "-u" + n,
                    List.copyOf(storiesOf.get(i))));
        }
        return new Plan(s, List.copyOf(cards), List.copyOf(deliveries));
    }

    /** A story of a family chosen by the mix; never more notifications than {@code room} allows when it can help. */
    private static Story story(Random random, Mix mix, int room) {
        int r = random.nextInt(Math.max(1, mix.total()));
        Story.Kind kind;
        if ((r -= mix.lives()) < 0) {
            kind = LIVES[random.nextInt(LIVES.length)];
        } else if ((r -= mix.moneySend()) < 0) {
            kind = MONEY_SEND[random.nextInt(MONEY_SEND.length)];
        } else if ((r -= mix.refunds()) < 0) {
            kind = Story.Kind.REFUND;
        } else if ((r -= mix.declines()) < 0) {
            kind = Story.Kind.DECLINE;
        } else {
            kind = Story.Kind.UNRECOGNISED;
        }
        if (room < 2 && twoNotes(kind)) {
            kind = Story.Kind.CONFIRM_ONLY;
        }
        // Amounts as a card sees them: mostly small, now and then a large one (minor units).
        long a = 100 + (long) (Math.pow(random.nextDouble(), 3) * 49_900);
        long b = switch (kind) {
            case AUTH_CONFIRM_OTHER_AMOUNT, AUTH_ADVICE -> Math.max(1, a + (random.nextInt(41) - 20) * a / 100);
            case AUTH_REVERSAL -> random.nextBoolean() ? a : 1 + random.nextLong(a);
            case AUTH_POSITIVA, AUTH_NEGATIVA -> 1 + random.nextLong(Math.max(1, a / 5));
            default -> a;
        };
        return new Story(kind, a, b);
    }

    private static boolean twoNotes(Story.Kind kind) {
        return new Story(kind, 1, 1).notes("0").size() > 1;
    }
}
