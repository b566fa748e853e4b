package io.cardledger.testing.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;

import static io.cardledger.testing.model.GeneratedStream.CARD_WALLET;
import static io.cardledger.testing.model.GeneratedStream.EUR_WALLET;
import static io.cardledger.testing.model.GeneratedStream.OTHER_USD_WALLET;
import static io.cardledger.testing.model.GeneratedStream.UNKNOWN_WALLET;

/**
 * jqwik generators of notification streams with wallet operations; they shrink to fewer, smaller,
 * less shuffled stories and fewer, simpler operations.
 */
public final class Streams {
    private static final List<String> WALLETS = List.of(CARD_WALLET, OTHER_USD_WALLET, EUR_WALLET, UNKNOWN_WALLET);
    /** Operations per stream at most: enough for transfers back and forth, refusals and retries. */
    public static final int MAX_OPERATIONS = 8;

    private Streams() {
    }

    public static Arbitrary<Story> stories() {
        Arbitrary<Long> amounts = Arbitraries.longs().between(1, 500_000);
        return Combinators.combine(Arbitraries.of(Story.Kind.class), amounts, amounts).as(Story::new);
    }

    /** Streams whose operations may take money out of any wallet, the card's included. */
    public static Arbitrary<GeneratedStream> streams(int maxStories) {
        return streams(maxStories, true);
    }

    /**
     * @param cardWalletPays whether pay-outs and transfers may take money out of the card's wallet;
     *                       without them no operation's answer depends on the order card notifications arrive in
     */
    public static Arbitrary<GeneratedStream> streams(int maxStories, boolean cardWalletPays) {
        return Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000),
                stories().list().ofMinSize(1).ofMaxSize(maxStories),
                Arbitraries.longs(),
                Arbitraries.integers().between(0, 1_000).list().ofMaxSize(4),
                Arbitraries.integers().between(0, 30),
                operations(cardWalletPays)
        ).as(GeneratedStream::new);
    }

    /** What one generated operation is made of, before ids, currencies and retries are worked out. */
    private record Spec(Operation.Kind kind, int from, int to, long amount, boolean otherCurrency, int afterArrivals,
                        Integer atAvailablePlus, Integer retryOf) {
    }

    public static Arbitrary<List<Operation>> operations(boolean cardWalletPays) {
        Arbitrary<Operation.Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Operation.Kind.PAY_IN)),
                Tuple.of(3, Arbitraries.just(Operation.Kind.PAY_OUT)),
                Tuple.of(4, Arbitraries.just(Operation.Kind.TRANSFER)));
        // Wallet 0 is the card's, 3 the unknown one; shrinking goes towards the card's wallet.
        Arbitrary<Integer> wallets = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)),
                Tuple.of(2, Arbitraries.just(2)), Tuple.of(1, Arbitraries.just(3)));
        Arbitrary<Spec> specs = Combinators.combine(
                kinds,
                wallets,
                wallets,
                Arbitraries.longs().between(1, 400_000),
                Arbitraries.frequency(Tuple.of(8, false), Tuple.of(1, true)),
                Arbitraries.integers().between(0, 30),
                Arbitraries.integers().between(-2, 2).injectNull(0.7),
                Arbitraries.integers().between(0, MAX_OPERATIONS).injectNull(0.8)
        ).as(Spec::new);
        return specs.list().ofMaxSize(MAX_OPERATIONS).map(list -> resolve(list, cardWalletPays));
    }

    private static List<Operation> resolve(List<Spec> specs, boolean cardWalletPays) {
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            if (s.retryOf() != null && i > 0) {
                // The integrator retries an earlier request (same id, same content), later.
                ops.add(ops.get(s.retryOf() % i).retriedAfter(s.afterArrivals()));
                continue;
            }
            // Now and then the integrator reuses an earlier operation's id for a different operation:
            // refused by the wallet that recorded the id, and nothing moves on either side.
            String id = i > 0 && s.amount() % 11 == 0 ? ops.get((int) (s.amount() % i)).id() : "op-" + (i + 1);
            String from = WALLETS.get(s.from());
            if (!cardWalletPays && from.equals(CARD_WALLET)) {
                from = OTHER_USD_WALLET;
            }
            String to = WALLETS.get(s.to());
            if (from.equals(to) && s.amount() % 8 != 0) {
                // Transfers to the same wallet are refused before anything else; keep them rare.
                to = WALLETS.get((WALLETS.indexOf(to) + 1) % WALLETS.size());
            }
            Operation op = switch (s.kind()) {
                case PAY_IN -> new Operation(s.kind(), id, null, to, s.amount(), currency(to, s.otherCurrency()),
                        s.afterArrivals(), null);
                case PAY_OUT -> new Operation(s.kind(), id, from, null, s.amount(), currency(from, s.otherCurrency()),
                        s.afterArrivals(), s.atAvailablePlus());
                case TRANSFER -> new Operation(s.kind(), id, from, to, s.amount(), currency(from, s.otherCurrency()),
                        s.afterArrivals(), s.atAvailablePlus());
            };
            ops.add(op);
        }
        return List.copyOf(ops);
    }

    /** The wallet's own currency, or deliberately the other one. */
    private static String currency(String walletId, boolean other) {
        String own = GeneratedStream.currencyOf(walletId);
        return other ? (own.equals("USD") ? "EUR" : "USD") : own;
    }
}
