package io.cardledger.ledger.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One thread of its own that takes part of the outbox processor's work per event, in stream order, while
 * the processor's thread goes on reading the batch (ADR 0002, ADR 0006). The processor hands items over in
 * chunks; the chunks of a batch run one after another on this thread (each starts when the one before it has
 * finished), so items are handled in the order they were added. At prepare-commit the processor waits for
 * the batch ({@link Batch#await}) before the batch's token is stored: what is committed, and when, does
 * not change; only which thread does the work.
 */
public final class OrderedHandOver implements AutoCloseable {
    /** Items per hand-over: few hand-overs per batch, and little left to do when the batch ends. */
    public static final int CHUNK = 256;

    private final ExecutorService thread;

    public OrderedHandOver(String threadName) {
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** A new batch whose items {@code handler} handles, in order, on this thread. */
    public <T> Batch<T> batch(Consumer<T> handler) {
        return new Batch<>(this, handler);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** One batch's items on their way to the thread. Used by the processor's thread only. */
    public static final class Batch<T> {
        private final OrderedHandOver owner;
        private final Consumer<T> handler;
        private List<T> chunk = new ArrayList<>(CHUNK);
        /** Completes when every chunk handed over so far has been handled; fails if one of them failed. */
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        private Batch(OrderedHandOver owner, Consumer<T> handler) {
            this.owner = owner;
            this.handler = handler;
        }

        public void add(T item) {
            chunk.add(item);
            if (chunk.size() >= CHUNK) {
                handOver();
            }
        }

        private void handOver() {
            if (chunk.isEmpty()) {
                return;
            }
            List<T> items = chunk;
            chunk = new ArrayList<>(CHUNK);
            tail = tail.thenRunAsync(() -> items.forEach(handler), owner.thread);
        }

        /**
         * Hands over what is left and waits until every item of the batch has been handled.
         *
         * @throws ExecutionException if the handler failed on an item (the items after it are not handled)
         * @throws TimeoutException   if the thread did not finish within {@code timeout}
         */
        public void await(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
            await(timeout, () -> {
            });
        }

        /**
         * Like {@link #await(Duration)}, but runs {@code last} on the thread after the batch's last item, before
         * the wait ends: something that may block (a producer flush) then holds up that thread, never the
         * processor's for longer than {@code timeout}.
         */
        public void await(Duration timeout, Runnable last) throws InterruptedException, ExecutionException, TimeoutException {
            handOver();
            tail = tail.thenRunAsync(last, owner.thread);
            tail.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
