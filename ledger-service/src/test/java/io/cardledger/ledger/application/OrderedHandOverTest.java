package io.cardledger.ledger.application;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox's sender thread and the anomalies decider take the outbox processor's events in chunks: every
 * item must be handled, once, in the order it was added, on the one thread; a failure must reach the
 * processor at prepare-commit (so the batch's token is not stored), and so must a thread that does not finish.
 */
class OrderedHandOverTest {
    private final OrderedHandOver handOver = new OrderedHandOver("test-hand-over");

    @AfterEach
    void stop() {
        handOver.close();
    }

    @Test
    void everyItemIsHandledOnceInOrderOnItsOwnThreadBeforeAwaitReturns() throws Exception {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        OrderedHandOver.Batch<Integer> batch = handOver.batch(i -> {
            handled.add(i);
            threads.add(Thread.currentThread().getName());
        });
        int items = OrderedHandOver.CHUNK * 4 + 3;

        IntStream.range(0, items).forEach(batch::add);
        // the outbox flushes the producer this way: on the thread, after the batch's last item
        batch.await(Duration.ofSeconds(10), () -> {
            handled.add(-1);
            threads.add(Thread.currentThread().getName());
        });

        assertThat(handled).containsExactlyElementsOf(IntStream.concat(IntStream.range(0, items), IntStream.of(-1)).boxed().toList());
        assertThat(threads).containsOnly("test-hand-over");
    }

    @Test
    void aFailingItemFailsTheAwaitAndNothingAfterItIsHandled() {
        List<Integer> handled = new CopyOnWriteArrayList<>();
        OrderedHandOver.Batch<Integer> batch = handOver.batch(i -> {
            if (i == OrderedHandOver.CHUNK + 5) {
                throw new IllegalStateException("send failed");
            }
            handled.add(i);
        });

        IntStream.range(0, OrderedHandOver.CHUNK * 3).forEach(batch::add);

        assertThatThrownBy(() -> batch.await(Duration.ofSeconds(10))).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("send failed");
        assertThat(handled).hasSize(OrderedHandOver.CHUNK + 5);
    }

    @Test
    void aThreadThatDoesNotFinishInTimeFailsTheAwait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OrderedHandOver.Batch<Integer> batch = handOver.batch(i -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        batch.add(1);

        assertThatThrownBy(() -> batch.await(Duration.ofMillis(200))).isInstanceOf(TimeoutException.class);
        release.countDown();
        batch.await(Duration.ofSeconds(10));
    }
}
