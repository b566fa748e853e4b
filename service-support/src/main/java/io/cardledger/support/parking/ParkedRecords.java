package io.cardledger.support.parking;

import io.cardledger.events.trace.TraceParent;
import org.apache.kafka.common.header.Header;

import io.cardledger.events.text.TextSafety;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code parked_record} table of one service: records that failed on their own every time,
 * kept with their reason and position so that the rest of their partition goes on, and an
 * analyst can see and re-drive them. Writes run in their own short transaction (auto-commit).
 */
public class ParkedRecords {
    private static final Logger log = LoggerFactory.getLogger(ParkedRecords.class);
    static final int MAX_REASON = 2000;
    private static final String COLUMNS = "id, consumer, topic, kafka_partition, kafka_offset, record_key, payload, reason, "
            + "exception_class, stack_digest, parked_at, status, retried_at, traceparent";
    private static final RowMapper<ParkedRecord> ROW = (rs, n) -> new ParkedRecord(rs.getLong(1), rs.getString(2),
            rs.getString(3), rs.getInt(4), rs.getLong(5), rs.getString(6), rs.getBytes(7), rs.getString(8),
            rs.getString(9), rs.getString(10), instant(rs.getTimestamp(11)), rs.getString(12), instant(rs.getTimestamp(13)),
            rs.getString(14));

    private final JdbcTemplate jdbc;
    private final MeterRegistry metrics;

    public ParkedRecords(JdbcTemplate jdbc, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /**
     * Parks the record (once: a redelivered poll that finds the same record at the same position
     * again changes nothing) and counts it in {@code cardledger.parked.records{consumer}}.
     */
    public void park(String consumer, ConsumerRecord<String, byte[]> record, Throwable failure) {
        String reason = reasonOf(failure);
        Header traceparent = record.headers().lastHeader(TraceParent.HEADER);
        int inserted = jdbc.update("INSERT INTO parked_record (consumer, topic, kafka_partition, kafka_offset, record_key, "
                        + "payload, reason, exception_class, stack_digest, traceparent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT ON CONSTRAINT parked_record_position DO NOTHING",
                consumer, TextSafety.bounded(record.topic(), 255), record.partition(), record.offset(),
                record.key() == null ? null : TextSafety.bounded(record.key(), 255), record.value(), reason,
                rootOf(failure).getClass().getName(), stackDigest(failure),
                traceparent == null ? null : TraceParent.fromHeader(traceparent.value()));
        if (inserted > 0) {
            counter(consumer).increment();
        }
        log.error("Parked the record at {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), consumer, reason);
    }

    private Counter counter(String consumer) {
        return Counter.builder("cardledger.parked.records")
                .description("Records that failed on their own every time and were parked so that their partition goes on")
                .tag("consumer", consumer).register(metrics);
    }

    /** Newest first. */
    public List<ParkedRecord> page(String status, int page, int size) {
        if (status == null) {
            return jdbc.query("SELECT " + COLUMNS + " FROM parked_record ORDER BY id DESC LIMIT ? OFFSET ?", ROW,
                    size, (long) page * size);
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM parked_record WHERE status = ? ORDER BY id DESC LIMIT ? OFFSET ?", ROW,
                status, size, (long) page * size);
    }

    public long count(String status) {
        Long n = status == null
                ? jdbc.queryForObject("SELECT count(*) FROM parked_record", Long.class)
                : jdbc.queryForObject("SELECT count(*) FROM parked_record WHERE status = ?", Long.class, status);
        return n == null ? 0 : n;
    }

    public Optional<ParkedRecord> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM parked_record WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** Records the outcome of a re-drive; a failed one keeps its new reason. */
    public void retried(long id, Throwable failure) {
        if (failure == null) {
            jdbc.update("UPDATE parked_record SET status = 'RETRIED', retried_at = now() WHERE id = ?", id);
        } else {
            jdbc.update("UPDATE parked_record SET status = 'RETRY_FAILED', retried_at = now(), reason = ?, "
                    + "exception_class = ?, stack_digest = ? WHERE id = ?", reasonOf(failure),
                    rootOf(failure).getClass().getName(), stackDigest(failure), id);
        }
    }

    /** The outermost message and the root cause's, bounded and safe to store. */
    static String reasonOf(Throwable failure) {
        Throwable root = rootOf(failure);
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        if (root != failure) {
            reason += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return TextSafety.bounded(reason, MAX_REASON);
    }

    static Throwable rootOf(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t.getCause() != null && t.getCause() != t && depth < 50; depth++) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Hex SHA-256 of the exception classes and stack frames of the whole cause chain, without
     * messages: the same bug parks records with the same digest whatever their content.
     */
    static String stackDigest(Throwable failure) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Throwable t = failure;
            for (int depth = 0; t != null && depth < 50; depth++, t = t.getCause() == t ? null : t.getCause()) {
                sha.update(t.getClass().getName().getBytes(StandardCharsets.UTF_8));
                for (StackTraceElement frame : t.getStackTrace()) {
                    sha.update((frame.getClassName() + '.' + frame.getMethodName() + ':' + frame.getLineNumber() + '\n')
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
