package io.cardledger.testing.model;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of notification streams; they shrink to fewer, smaller, less shuffled stories. */
public final class Streams {
    private Streams() {
    }

    public static Arbitrary<Story> stories() {
        Arbitrary<Long> amounts = Arbitraries.longs().between(1, 500_000);
        return Combinators.combine(Arbitraries.of(Story.Kind.class), amounts, amounts).as(Story::new);
    }

    public static Arbitrary<GeneratedStream> streams(int maxStories) {
        return Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000),
                stories().list().ofMinSize(1).ofMaxSize(maxStories),
                Arbitraries.longs(),
                Arbitraries.integers().between(0, 1_000).list().ofMaxSize(4),
                Arbitraries.integers().between(0, 30)
        ).as(GeneratedStream::new);
    }
}
