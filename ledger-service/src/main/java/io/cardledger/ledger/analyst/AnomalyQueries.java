package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The anomalies report: one page of the {@code analyst_anomaly} projection ({@link AnomalyProjection})
 * merged with the records parked by the consumers ({@code parked_record}, status PARKED), filtered by
 * kind, wallet, card and date range, in (occurred_at, kind, key) order with a cursor for the next page,
 * and the counts per kind under the same filters (each counted up to {@code count-limit}, 100,000 by
 * default; a kind that reaches it is listed in {@code countsAtLeast}). Both tables are read through indexes that give that
 * order, on the analyst's pool, so a page costs the same on a ledger of any length.
 */
@Service
public class AnomalyQueries {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;

    private static final String COLUMNS = "kind, anomaly_key, card_id, wallet_id, c11, notification_id, movement_id, c1_tipo,"
            + " c4, available_delta, withheld_delta, held_minor, authorization_status, occurred_at, detail";
    private static final String PARKED_COLUMNS = "'PARKED_RECORD' AS kind, 'parked-' || lpad(id::text, 19, '0') AS anomaly_key,"
            + " NULL AS card_id, NULL AS wallet_id, NULL AS c11, NULL AS notification_id, NULL AS movement_id, NULL AS c1_tipo,"
            + " NULL::bigint AS c4, NULL::bigint AS available_delta, NULL::bigint AS withheld_delta, NULL::bigint AS held_minor,"
            + " NULL AS authorization_status, parked_at AS occurred_at,"
            + " 'Parked by ' || consumer || ' from ' || topic || '-' || kafka_partition || '@' || kafka_offset"
            + " || coalesce(' (key ' || record_key || ')', '') || ': ' || reason AS detail";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final boolean parkedRecords;
    private final long countLimit;

    public AnomalyQueries(AnalystDatabase database, Clock clock,
                          @Value("${cardledger.analyst.anomalies.parked-records:true}") boolean parkedRecords,
                          @Value("${cardledger.analyst.anomalies.count-limit:100000}") long countLimit) {
        this.jdbc = database.jdbc();
        this.clock = clock;
        this.parkedRecords = parkedRecords;
        this.countLimit = countLimit;
    }

    /** What the analyst asks for; every field may be null. */
    public record Filter(Set<AnomalyKind> kinds, String walletId, String cardId, Instant from, Instant to,
                         Integer openHoldDays, Integer limit, String after) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Anomaly(AnomalyKind kind, String key, String cardId, String walletId, String c11, String notificationId,
                          String movementId, String c1Tipo, Long c4, Long availableDelta, Long withheldDelta,
                          Long heldMinor, String authorizationStatus, Instant timestamp, Long ageSeconds, String detail) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    /** {@code countsAtLeast}: the kinds whose count reached the count limit (there are at least that many). */
    public record AnomalyReport(int openHoldDays, Instant openHoldsBefore, Map<AnomalyKind, Long> counts,
                                Set<AnomalyKind> countsAtLeast, List<Anomaly> anomalies, String next) {
    }

    private void count(AnomalyKind kind, String sql, List<Object> args, Map<AnomalyKind, Long> counts, Set<AnomalyKind> capped) {
        Long n = jdbc.queryForObject(sql, Long.class, append(args, countLimit).toArray());
        if (n != null && n > 0) {
            counts.put(kind, n);
            if (n >= countLimit) {
                capped.add(kind);
            }
        }
    }

    public AnomalyReport anomalies(Filter filter) {
        int openHoldDays = filter.openHoldDays() == null ? 7 : filter.openHoldDays();
        if (openHoldDays < 0 || openHoldDays > 36_500) {
            throw AnalystProblem.badRequest("openHoldDays must be between 0 and 36500, not " + openHoldDays);
        }
        int limit = filter.limit() == null ? DEFAULT_LIMIT : filter.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AnalystProblem.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (filter.from() != null && filter.to() != null && filter.to().isBefore(filter.from())) {
            throw AnalystProblem.badRequest("to must not be before from");
        }
        Instant now = clock.instant();
        Instant cutoff = now.minus(Duration.ofDays(openHoldDays));
        Set<AnomalyKind> kinds = filter.kinds() == null || filter.kinds().isEmpty() ? EnumSet.allOf(AnomalyKind.class) : filter.kinds();
        Cursor after = Cursor.decode(filter.after());

        Query projected = projectedWhere(filter, kinds, cutoff);
        Query parked = parkedWhere(filter, kinds);

        // the page
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        if (projected != null) {
            sql.append("(SELECT ").append(COLUMNS).append(" FROM analyst_anomaly WHERE ").append(projected.where);
            args.addAll(projected.args);
            appendAfter(sql, args, after, "occurred_at", "kind", "anomaly_key");
            sql.append(" ORDER BY occurred_at, kind, anomaly_key LIMIT ?)");
            args.add(limit + 1);
        }
        if (parked != null) {
            if (!sql.isEmpty()) {
                sql.append(" UNION ALL ");
            }
            sql.append("(SELECT ").append(PARKED_COLUMNS).append(" FROM parked_record WHERE ").append(parked.where);
            args.addAll(parked.args);
            appendAfter(sql, args, after, "parked_at", "'PARKED_RECORD'", "'parked-' || lpad(id::text, 19, '0')");
            sql.append(" ORDER BY parked_at, id LIMIT ?)");
            args.add(limit + 1);
        }
        List<Anomaly> page = sql.isEmpty() ? List.of() : jdbc.query("SELECT * FROM (" + sql + ") page ORDER BY occurred_at, kind, anomaly_key LIMIT ?",
                (rs, i) -> anomaly(rs, now), append(args, limit + 1).toArray());
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            Anomaly last = page.get(limit - 1);
            next = new Cursor(last.timestamp(), last.kind().name(), last.key()).encode();
        }

        // the counts, under the same filters, each kind's counted up to countLimit: its rows are read
        // through an index in (kind, ...) order and the count stops there, so no filter reads a whole table
        Map<AnomalyKind, Long> counts = new EnumMap<>(AnomalyKind.class);
        Set<AnomalyKind> capped = EnumSet.noneOf(AnomalyKind.class);
        if (projected != null) {
            for (AnomalyKind kind : kinds) {
                if (kind == AnomalyKind.PARKED_RECORD) {
                    continue;
                }
                Query one = projectedWhere(filter, EnumSet.of(kind), cutoff);
                count(kind, "SELECT count(*) FROM (SELECT 1 FROM analyst_anomaly WHERE " + one.where + " LIMIT ?) capped",
                        one.args, counts, capped);
            }
        }
        if (parked != null) {
            count(AnomalyKind.PARKED_RECORD, "SELECT count(*) FROM (SELECT 1 FROM parked_record WHERE " + parked.where
                    + " LIMIT ?) capped", parked.args, counts, capped);
        }
        return new AnomalyReport(openHoldDays, cutoff, counts, capped.isEmpty() ? null : capped, page, next);
    }

    private record Query(String where, List<Object> args) {
    }

    private static Query projectedWhere(Filter f, Set<AnomalyKind> kinds, Instant openHoldCutoff) {
        Set<AnomalyKind> projectedKinds = EnumSet.copyOf(kinds);
        projectedKinds.remove(AnomalyKind.PARKED_RECORD);
        if (projectedKinds.isEmpty()) {
            return null;
        }
        StringBuilder where = new StringBuilder("TRUE");
        List<Object> args = new ArrayList<>();
        if (projectedKinds.size() < AnomalyKind.values().length - 1) {
            // enum names, written as literals so that the planner sees which kinds (and their share of the table)
            where.append(" AND kind IN (").append(String.join(", ", projectedKinds.stream().map(k -> "'" + k.name() + "'").toList()))
                    .append(')');
        }
        if (f.walletId() != null) {
            where.append(" AND wallet_id = ?");
            args.add(f.walletId());
        }
        if (f.cardId() != null) {
            where.append(" AND card_id = ?");
            args.add(f.cardId());
        }
        range(where, args, "occurred_at", f);
        if (projectedKinds.contains(AnomalyKind.OPEN_HOLD)) {
            where.append(" AND (kind <> 'OPEN_HOLD' OR occurred_at <= ?)");
            args.add(utc(openHoldCutoff));
        }
        return new Query(where.toString(), args);
    }

    private Query parkedWhere(Filter f, Set<AnomalyKind> kinds) {
        if (!parkedRecords || !kinds.contains(AnomalyKind.PARKED_RECORD)) {
            return null;
        }
        StringBuilder where = new StringBuilder("status = 'PARKED'");
        List<Object> args = new ArrayList<>();
        // A parked record is keyed by what its topic is keyed by: a card or wallet id (bare or as an aggregate id).
        if (f.walletId() != null) {
            where.append(" AND record_key IN (?, ?)");
            args.add(f.walletId());
            args.add(StreamQueries.walletAggregate(f.walletId()));
        }
        if (f.cardId() != null) {
            where.append(" AND record_key IN (?, ?)");
            args.add(f.cardId());
            args.add(StreamQueries.cardAggregate(f.cardId()));
        }
        range(where, args, "parked_at", f);
        return new Query(where.toString(), args);
    }

    private static void range(StringBuilder where, List<Object> args, String column, Filter f) {
        if (f.from() != null) {
            where.append(" AND ").append(column).append(" >= ?");
            args.add(utc(f.from()));
        }
        if (f.to() != null) {
            where.append(" AND ").append(column).append(" <= ?");
            args.add(utc(f.to()));
        }
    }

    private static void appendAfter(StringBuilder sql, List<Object> args, Cursor after, String time, String kind, String key) {
        if (after != null) {
            sql.append(" AND (").append(time).append(", ").append(kind).append(", ").append(key).append(") > (?, ?, ?)");
            args.add(utc(after.at()));
            args.add(after.kind());
            args.add(after.key());
        }
    }

    private static List<Object> append(List<Object> args, Object value) {
        List<Object> all = new ArrayList<>(args);
        all.add(value);
        return all;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Anomaly anomaly(ResultSet rs, Instant now) throws SQLException {
        Instant at = rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
        return new Anomaly(AnomalyKind.valueOf(rs.getString("kind")), rs.getString("anomaly_key"), rs.getString("card_id"),
                rs.getString("wallet_id"), rs.getString("c11"), rs.getString("notification_id"), rs.getString("movement_id"),
                rs.getString("c1_tipo"), (Long) rs.getObject("c4"), (Long) rs.getObject("available_delta"),
                (Long) rs.getObject("withheld_delta"), (Long) rs.getObject("held_minor"), rs.getString("authorization_status"),
                at, Math.max(0, Duration.between(at, now).toSeconds()), rs.getString("detail"));
    }

    /** The position after the last row of a page: (occurred_at, kind, key), opaque to the client. */
    record Cursor(Instant at, String kind, String key) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (at + "\n" + kind + "\n" + key).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split("\n", 3);
                return new Cursor(Instant.parse(parts[0]), parts[1], parts[2]);
            } catch (RuntimeException e) {
                throw AnalystProblem.badRequest("after is not a cursor this service gave out (use the report's next)");
            }
        }
    }

    /** "OPEN_HOLD,awaiting_card" to kinds; unknown names are a 400 naming the known ones. */
    public static Set<AnomalyKind> kinds(List<String> values) {
        Set<AnomalyKind> kinds = EnumSet.noneOf(AnomalyKind.class);
        if (values == null) {
            return kinds;
        }
        for (String value : values) {
            for (String name : value.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    kinds.add(AnomalyKind.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw AnalystProblem.badRequest("Unknown anomaly kind " + name.trim() + "; known: "
                            + EnumSet.allOf(AnomalyKind.class));
                }
            }
        }
        return kinds;
    }
}
