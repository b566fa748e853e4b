package io.cardledger.support.parking;

import io.cardledger.support.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The analyst's view of a service's parked records ({@code /api/v1/analyst/parked}, analyst token
 * only): a page of them, one with its payload, and a re-drive of one through the consumer's own
 * apply path once the code or the data is fixed. A service subclasses it as a
 * {@code @RestController} with {@code @RequestMapping("/api/v1/analyst/parked")} and says how to
 * apply one stored record.
 */
public abstract class ParkedRecordsApi {
    static final int MAX_PAGE_SIZE = 500;

    private final ParkedRecords parked;
    private final FailureKinds kinds;

    protected ParkedRecordsApi(ParkedRecords parked, FailureKinds kinds) {
        this.parked = parked;
        this.kinds = kinds;
    }

    /** Applies one stored record value as its consumer would; throws what applying it throws. */
    protected abstract void redrive(ParkedRecord record) throws Exception;

    public record Summary(long id, String consumer, String topic, int partition, long offset, String key, String reason,
                          String exceptionClass, String stackDigest, Instant parkedAt, String status, Instant retriedAt,
                          String traceparent) {
        static Summary of(ParkedRecord r) {
            return new Summary(r.id(), r.consumer(), r.topic(), r.partition(), r.offset(), r.key(), r.reason(),
                    r.exceptionClass(), r.stackDigest(), r.parkedAt(), r.status(), r.retriedAt(), r.traceparent());
        }
    }

    /** A record with its payload as text (UTF-8; bytes that are not become U+FFFD). */
    public record Detail(long id, String consumer, String topic, int partition, long offset, String key, String reason,
                         String exceptionClass, String stackDigest, Instant parkedAt, String status, Instant retriedAt,
                         String traceparent, String payload) {
        static Detail of(ParkedRecord r) {
            return new Detail(r.id(), r.consumer(), r.topic(), r.partition(), r.offset(), r.key(), r.reason(),
                    r.exceptionClass(), r.stackDigest(), r.parkedAt(), r.status(), r.retriedAt(), r.traceparent(),
                    r.payload() == null ? null : new String(r.payload(), StandardCharsets.UTF_8));
        }
    }

    public record Page(int page, int size, long total, List<Summary> records) {
    }

    @GetMapping
    public Page list(@RequestParam(required = false) String page, @RequestParam(required = false) String size,
                     @RequestParam(required = false) String status) {
        int p = number("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int s = number("size", size, 50, 1, MAX_PAGE_SIZE);
        String st = status == null || status.isBlank() ? null : status.trim().toUpperCase(java.util.Locale.ROOT);
        if (st != null && !List.of(ParkedRecord.PARKED, ParkedRecord.RETRIED, ParkedRecord.RETRY_FAILED).contains(st)) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid analyst request", "status must be PARKED, RETRIED or RETRY_FAILED");
        }
        return new Page(p, s, parked.count(st), parked.page(st, p, s).stream().map(Summary::of).toList());
    }

    @GetMapping("/{id}")
    public Detail show(@PathVariable String id) {
        return Detail.of(find(id));
    }

    /**
     * Re-drives the record: RETRIED when it now applies (a record applied before is a no-op, as any
     * redelivery), RETRY_FAILED with the new reason when it still fails on its own. A transient
     * failure (the database unavailable) changes nothing and answers 503.
     */
    @PostMapping("/{id}/retry")
    public Detail retry(@PathVariable String id) {
        ParkedRecord record = find(id);
        try {
            redrive(record);
            parked.retried(record.id(), null);
        } catch (Exception e) {
            if (kinds.isTransient(e)) {
                throw problem(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unable to re-drive, retry later",
                        "The database or the broker is unavailable; the record is unchanged.");
            }
            parked.retried(record.id(), e);
        }
        return Detail.of(parked.find(record.id()).orElseThrow());
    }

    private ParkedRecord find(String id) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid analyst request", "A parked record id is a number");
        }
        return parked.find(n).orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Parked record not found",
                "No parked record has id " + n));
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw problem(HttpStatus.BAD_REQUEST, "Invalid analyst request", name + " must be a number from " + min + " to " + max);
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        return new ErrorResponseException(status, Problems.of(status, title, detail), null);
    }
}
