package io.cardledger.ledger.analyst;

import io.cardledger.ledger.katfacil.KatFacilCommands;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.WalletMovement;
import io.cardledger.events.wallet.WalletRegistered;
import io.cardledger.ledger.card.CardCommands;
import io.cardledger.ledger.wallet.WalletCommands;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A card's or a wallet's event stream, one page at a time, and a wallet's balance as of an
 * instant. Both read one aggregate's rows in order and keep at most a page of them.
 */
@Service
public class StreamQueries {
    public static final int DEFAULT_LIMIT = 1_000;
    public static final int MAX_LIMIT = 10_000;

    private final EventStoreReader store;

    public StreamQueries(EventStoreReader store) {
        this.store = store;
    }

    /** One page of a stream; {@code nextFrom} is the sequence to ask for next, absent on the last page. */
    public record StreamPage(List<StreamEntry> entries, Long nextFrom) {
    }

    public StreamPage walletStream(String walletId, String from, String to, Integer limit) {
        return page(walletAggregate(walletId), "Wallet not found", "wallet " + walletId, from, to, limit);
    }

    public StreamPage cardStream(String cardId, String from, String to, Integer limit) {
        return page(cardAggregate(cardId), "Card not found", "card " + cardId, from, to, limit);
    }

    /** The KatFacil events a card received (its registration is on {@link #cardStream}, like any card's). */
    public StreamPage katFacilCardStream(String cardId, String from, String to, Integer limit) {
        return page(KatFacilCommands.aggregateId(cardId), "Card not found", "KatFacil card " + cardId, from, to, limit);
    }

    /**
     * {@code from}/{@code to} are both inclusive and are either sequence numbers (digits) or ISO
     * instants compared with the stored timestamp (which grows with the sequence within one aggregate).
     */
    private StreamPage page(String aggregateId, String notFoundTitle, String what, String from, String to, Integer limit) {
        int max = limit(limit);
        Bound lower = Bound.of(from, "from");
        Bound upper = Bound.of(to, "to");
        List<StreamEntry> entries = new ArrayList<>();
        Long[] next = {null};
        store.scan(aggregateId, lower.sequence == null ? 0 : lower.sequence,
                upper.sequence == null ? Long.MAX_VALUE : upper.sequence, false, e -> {
                    if (lower.instant != null && e.timestamp().isBefore(lower.instant)) {
                        return true;
                    }
                    if (upper.instant != null && e.timestamp().isAfter(upper.instant)) {
                        return false;
                    }
                    if (entries.size() == max) {
                        next[0] = e.sequence();
                        return false;
                    }
                    entries.add(StreamEntry.of(e));
                    return true;
                });
        if (entries.isEmpty() && !store.exists(aggregateId)) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, notFoundTitle, "The event store has no events for " + what);
        }
        return new StreamPage(entries, next[0]);
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw AnalystProblem.badRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        return limit;
    }

    private record Bound(Long sequence, Instant instant) {
        static Bound of(String value, String name) {
            if (value == null || value.isBlank()) {
                return new Bound(null, null);
            }
            if (value.length() <= 18 && value.chars().allMatch(Character::isDigit)) {
                return new Bound(Long.parseLong(value), null);
            }
            return new Bound(null, parseInstant(value, name));
        }
    }

    static Instant parseInstant(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw AnalystProblem.badRequest(name + " must be a sequence number or an ISO-8601 instant such as "
                    + "2026-04-29T05:29:01Z, not " + value);
        }
    }

    // ---------------------------------------------------------------- balance as of

    public record BalanceAsOf(String walletId, Instant asOf, long available, long withheld, long total, String currency,
                              long sequence, Instant eventTimestamp, String eventType) {
    }

    /** Reads the wallet's stream backwards from its newest event and stops at the first one stored by {@code asOf}. */
    public BalanceAsOf balanceAsOf(String walletId, Instant asOf) {
        String aggregateId = walletAggregate(walletId);
        StoredEvent[] found = {null};
        store.scan(aggregateId, 0, Long.MAX_VALUE, true, e -> {
            if (!e.timestamp().isAfter(asOf) && balanceAfter(e) != null) {
                found[0] = e;
                return false;
            }
            return true;
        });
        if (found[0] == null) {
            if (!store.exists(aggregateId)) {
                throw new AnalystProblem(HttpStatus.NOT_FOUND, "Wallet not found", "The event store has no events for wallet " + walletId);
            }
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Wallet not registered at that instant",
                    "Wallet " + walletId + " was registered after " + asOf);
        }
        StoredEvent last = found[0];
        Balance b = balanceAfter(last);
        return new BalanceAsOf(walletId, asOf, b.availableMinor(), b.withheldMinor(), b.totalMinor(), b.currency(),
                last.sequence(), last.timestamp(), last.type());
    }

    /** The wallet's balance right after this event: a movement carries it, a registration starts at zero. */
    static Balance balanceAfter(StoredEvent e) {
        if (e.payload() instanceof WalletMovement m) {
            return m.balanceAfter();
        }
        if (e.payload() instanceof WalletRegistered r) {
            return new Balance(0, 0, r.currency());
        }
        return null;
    }

    static String walletAggregate(String walletId) {
        return WalletCommands.aggregateId(walletId);
    }

    static String cardAggregate(String cardId) {
        return CardCommands.aggregateId(cardId);
    }
}
