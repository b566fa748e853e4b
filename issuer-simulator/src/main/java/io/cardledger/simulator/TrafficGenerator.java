package io.cardledger.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.testing.model.LifeNote;
import io.cardledger.testing.model.Note;
import io.cardledger.testing.model.ReferenceLife;
import io.cardledger.testing.model.Story;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The issuer's traffic for one run, fixed entirely by its {@link Settings} (the seed included): which
 * cards exist, which lives each card goes through ({@link Story}, the reference model's unit for two-note
 * lives, and whole multiclearing and expiry lives of {@link LifeNote}s judged by {@link ReferenceLife}), and the
 * order and timing of every webhook delivery with the faults the issuer adds (redeliveries, late and
 * out-of-order deliveries). The same settings give the same plan, delivery for delivery.
 */
public final class TrafficGenerator {

    /** How much of each family of stories a day holds (relative weights). */
    public record Mix(int lives, int multiclearing, int expiry, int moneySend, int refunds, int declines, int unknown) {
        public static final Mix DEFAULT = new Mix(68, 8, 4, 6, 5, 6, 3);

        int total() {
            return lives + multiclearing + expiry + moneySend + refunds + declines + unknown;
        }
    }

    /** One webhook of the plan: the body the issuer sends for a card (without its password). */
    public interface Webhook {
        ObjectNode body(String cardId);

        /** How the audit names it. */
        String describe();
    }

    /** A notification of a two-note {@link Story}. */
    public record StoryWebhook(Note note) implements Webhook {
        @Override
        public ObjectNode body(String cardId) {
            return note.body(cardId);
        }

        @Override
        public String describe() {
            return note.type() + " c11 " + note.c11() + " amount " + note.amountMinor() + (note.moneySend() ? " MoneySend" : "");
        }
    }

    /** A notification of a whole authorization life (multiclearing parts, closing part, expiry), c11 its life's. */
    public record LifeWebhook(LifeNote note, String c11) implements Webhook {
        @Override
        public ObjectNode body(String cardId) {
            return note.body(cardId, c11);
        }

        @Override
        public String describe() {
            return note + " c11 " + c11;
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

    /** A card, its wallet, the stories it lives through and its whole lives (multiclearing, expiry). */
    public record CardPlan(String cardId, String walletId, String userId, List<Story> stories, List<List<LifeNote>> lives) {
        public CardPlan(String cardId, String walletId, String userId, List<Story> stories) {
            this(cardId, walletId, userId, stories, List.of());
        }

        /** The reference model's final {available, withheld} of the wallet, funds included. */
        public long[] expectedBalance(long fundsMinor) {
            long available = fundsMinor;
            long withheld = 0;
            for (Story s : stories) {
                long[] e = s.expectedEffect();
                available = Math.addExact(available, e[0]);
                withheld = Math.addExact(withheld, e[1]);
            }
            for (List<LifeNote> life : lives) {
                ReferenceLife.Result r = ReferenceLife.of(life);
                available = Math.addExact(available, r.available());
                withheld = Math.addExact(withheld, r.withheld());
            }
            return new long[]{available, withheld};
        }
    }

    /**
     * One webhook delivery.
     *
     * @param seq       its place in the issuer's order (before hold-backs)
     * @param card      index of the card
     * @param webhook   the notification
     * @param duplicate whether it is a redelivery of an earlier delivery
     * @param delayMs   how long after its place in the order it is sent (hold-back), ms
     */
    public record Delivery(int seq, int card, Webhook webhook, boolean duplicate, long delayMs) {
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
        List<List<List<LifeNote>>> livesOf = new ArrayList<>();
        for (int i = 0; i < s.cards(); i++) {
            storiesOf.add(new ArrayList<>());
            livesOf.add(new ArrayList<>());
        }
        record Placed(double at, int card, Webhook webhook) {
        }
        List<Placed> placed = new ArrayList<>();
        int notes = 0;
        int story = 0;
        while (notes < s.notifications()) {
            int room = s.notifications() - notes;
            String c11 = String.format("%09d", ++story);
            List<Webhook> ws = new ArrayList<>();
            List<LifeNote> life = life(random, s.mix());
            int card = random.nextInt(s.cards());
            if (life != null && life.size() <= room) {
                livesOf.get(card).add(life);
                life.forEach(n -> ws.add(new LifeWebhook(n, c11)));
            } else {
                Story st = story(random, s.mix(), room);
                storiesOf.get(card).add(st);
                st.notes(c11).forEach(n -> ws.add(new StoryWebhook(n)));
            }
            double at = notes;
            for (Webhook w : ws) {
                placed.add(new Placed(at, card, w));
                at += 1 + random.nextInt(LIFE_SPREAD);
            }
            notes += ws.size();
        }
        placed.sort(Comparator.comparingDouble(Placed::at));
        List<Delivery> deliveries = new ArrayList<>();
        int seq = 0;
        for (Placed p : placed) {
            long delay = random.nextDouble() < s.reorder() ? 1 + (long) (random.nextDouble() * s.delayMaxMs()) : 0;
            deliveries.add(new Delivery(seq++, p.card(), p.webhook(), false, delay));
            // 0.2: one redelivery for a fifth of them; 2.0: every notification three times in all.
            int copies = (int) s.duplicates();
            if (random.nextDouble() < s.duplicates() - copies) {
                copies++;
            }
            for (int c = 0; c < copies; c++) {
                deliveries.add(new Delivery(seq++, p.card(), p.webhook(), true, (long) (random.nextDouble() * s.delayMaxMs())));
            }
        }
        List<CardPlan> cards = new ArrayList<>();
        for (int i = 0; i < s.cards(); i++) {
            String n = String.format("%05d", i + 1);
            cards.add(new CardPlan(s.runId() + "-c" + n, s.runId() + "-w" + n, s.runId() + "-u" + n,
                    List.copyOf(storiesOf.get(i)), List.copyOf(livesOf.get(i))));
        }
        return new Plan(s, List.copyOf(cards), List.copyOf(deliveries));
    }

    /**
     * A whole life of the multiclearing or expiry family when the mix draws one (null otherwise: a
     * {@link Story} follows), in the issuer's order (seq 0, 1, ...). Multiclearing: an authorization, one to
     * three parts that take 10-60 % of it each (now and then more than is left: the excess is debited), now
     * and then a part's Negativa correction, and mostly a closing part that releases what is left. Expiry:
     * an authorization the issuer lets expire, reported as a settlement with {@code isExpiration}: mostly a
     * Positiva of the whole amount (the hold comes back), else a Confirmada of part of it.
     */
    static List<LifeNote> life(Random random, Mix mix) {
        int r = random.nextInt(Math.max(1, mix.total())) - mix.lives();
        if (r < 0 || r >= mix.multiclearing() + mix.expiry()) {
            return null;
        }
        long a = 100 + (long) (Math.pow(random.nextDouble(), 3) * 49_900);
        List<LifeNote> life = new ArrayList<>();
        life.add(new LifeNote("PeticionAutorizacion", a, false, false, false, false, false, 0));
        if (r < mix.multiclearing()) {
            int parts = 1 + random.nextInt(3);
            for (int i = 0; i < parts; i++) {
                long part = Math.max(1, a * (10 + random.nextInt(51)) / 100);
                life.add(new LifeNote("TransaccionConfirmada", part, false, true, false, false, false, life.size()));
            }
            if (random.nextInt(5) == 0) {
                long c = 1 + random.nextLong(Math.max(1, a / 10));
                life.add(new LifeNote("TransaccionCorregidaNegativa", c, false, true, false, false, false, life.size()));
            }
            if (random.nextInt(4) != 0) {
                long close = Math.max(1, a * random.nextInt(41) / 100);
                life.add(new LifeNote("TransaccionConfirmada", close, false, false, true, false, false, life.size()));
            }
        } else if (random.nextInt(10) < 7) {
            life.add(new LifeNote("TransaccionCorregidaPositiva", a, false, false, false, true, false, 1));
        } else {
            life.add(new LifeNote("TransaccionConfirmada", 1 + random.nextLong(a), false, false, false, true, false, 1));
        }
        return List.copyOf(life);
    }

    /** A story of a family chosen by the mix; never more notifications than {@code room} allows when it can help. */
    private static Story story(Random random, Mix mix, int room) {
        // The whole-life families (multiclearing, expiry) are drawn by life(); here their share goes to the lives.
        int r = random.nextInt(Math.max(1, mix.total() - mix.multiclearing() - mix.expiry()));
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
