package io.cardledger.projection.rebuild;

import io.cardledger.projection.consume.RebuildApplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the ledger's topic from its first event into the fresh tables: a consumer of its own (no
 * group, nothing committed) on every partition, chunks of {@code chunkSize} records applied by the
 * {@link RebuildApplier}, the next chunk read and decoded while the last is written on a writer
 * thread. Progress (events written, reading time) goes to the run.
 */
final class TopicReplay implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final int chunkSize;
    private final RebuildApplier applier;
    private final ShadowSchema.Session rebuild;
    private final RebuildRun progress;
    /** Writes chunks while the rebuild thread reads and decodes the next one. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "projection-rebuild-writer");
        t.setDaemon(true);
        return t;
    });

    /** Positioned at the beginning of every partition of {@code topic}. */
    TopicReplay(KafkaProperties kafkaProperties, String topic, int chunkSize, RebuildApplier applier, ShadowSchema.Session rebuild,
                RebuildRun progress) {
        this.consumer = consumer(kafkaProperties);
        this.chunkSize = chunkSize;
        this.applier = applier;
        this.rebuild = rebuild;
        this.progress = progress;
        try {
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The topic's end offsets now. */
    Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    /** The events the topic holds up to {@code end}. */
    long eventsBefore(Map<TopicPartition, Long> end) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }

    /** Replays up to the topic's end as of now. */
    void replayToEnd() {
        replayTo(endOffsets());
    }

    /**
     * Reads and applies chunks until every partition's position reaches {@code target}. The
     * next chunk is read and decoded while the previous one is written; the method returns
     * when everything it read is committed.
     */
    void replayTo(Map<TopicPartition, Long> target) {
        List<ConsumerRecord<String, byte[]>> chunk = new ArrayList<>(chunkSize);
        long started = System.nanoTime();
        long readBefore = progress.readNanos;
        Future<?> writing = CompletableFuture.completedFuture(null);
        while (!reached(target.keySet(), target)) {
            ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(200));
            polled.forEach(chunk::add);
            if (chunk.size() >= chunkSize || (polled.isEmpty() && !chunk.isEmpty())
                    || (!chunk.isEmpty() && reached(target.keySet(), target))) {
                writing = writeAfter(writing, chunk);
                chunk = new ArrayList<>(chunkSize);
            }
            progress.readNanos = readBefore + (System.nanoTime() - started);
        }
        if (!chunk.isEmpty()) {
            writing = writeAfter(writing, chunk);
        }
        await(writing);
        progress.readNanos = readBefore + (System.nanoTime() - started);
    }

    /** Prepares {@code chunk} here, waits for the previous write, then writes this one on the writer thread. */
    private Future<?> writeAfter(Future<?> previous, List<ConsumerRecord<String, byte[]>> chunk) {
        RebuildApplier.Prepared prepared = applier.prepare(chunk);
        await(previous);
        int size = chunk.size();
        return writer.submit(() -> {
            prepared.write(rebuild.jdbc(), rebuild.tx());
            progress.eventsRead += size;
        });
    }

    private static void await(Future<?> write) {
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing the rebuild", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private boolean reached(Collection<TopicPartition> partitions, Map<TopicPartition, Long> target) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < target.get(p)) {
                return false;
            }
        }
        return true;
    }

    private static KafkaConsumer<String, byte[]> consumer(KafkaProperties kafkaProperties) {
        Map<String, Object> props = new HashMap<>(kafkaProperties.buildConsumerProperties(null));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-rebuild");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Stops the writer (a write still running is interrupted) and closes the consumer. */
    @Override
    public void close() {
        writer.shutdownNow();
        consumer.close();
    }
}
