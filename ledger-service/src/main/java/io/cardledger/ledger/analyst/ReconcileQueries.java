package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.events.card.CardNotificationRecorded;
import io.cardledger.events.notification.CardNotification;
import io.cardledger.events.notification.NotificationKind;
import io.cardledger.events.wallet.Balance;
import io.cardledger.events.wallet.CardMovementPosted;
import io.cardledger.events.wallet.WalletMovement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Our ledger against what the issuer exports: wallet balances (Wallet GET, WalletsPerUserIds, CSV)
 * and transaction lists (TransactionDetailList, TransactionDetailListByWallet).
 */
@Service
public class ReconcileQueries {
    /** Movements listed per differing wallet; the count of the rest is given. */
    static final int MAX_MOVEMENTS_LISTED = 1_000;

    private final EventStoreReader store;
    private final int maxLedgerLines;

    public ReconcileQueries(EventStoreReader store,
                            @Value("${cardledger.analyst.reconcile.max-ledger-lines:200000}") int maxLedgerLines) {
        this.store = store;
        this.maxLedgerLines = maxLedgerLines;
    }

    // ---------------------------------------------------------------- balances

    public record Amounts(long available, long withheld) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mismatch(String walletId, Amounts issuer, Amounts ours, Amounts difference, String reason,
                           Long lastAgreedSequence, Instant lastAgreedAt, List<StreamEntry> movementsSince,
                           Integer movementsNotListed) {
    }

    public record Reconciliation(int checked, int matched, int mismatched, List<Mismatch> mismatches) {
    }

    /**
     * Each wallet's stream is read backwards from its newest event: the first balance is ours now;
     * if it differs, the walk goes on to the last event after which ours equalled the issuer's,
     * keeping at most {@value #MAX_MOVEMENTS_LISTED} of the movements it passes.
     */
    public Reconciliation reconcile(List<IssuerBalance> issuer) {
        List<Mismatch> mismatches = new ArrayList<>();
        for (IssuerBalance theirs : issuer) {
            Amounts issuerAmounts = new Amounts(theirs.available(), theirs.withheld());
            Balance[] ours = {null};
            StoredEvent[] lastAgreed = {null};
            List<StreamEntry> since = new ArrayList<>();
            int[] notListed = {0};
            store.scan(StreamQueries.walletAggregate(theirs.walletId()), 0, Long.MAX_VALUE, true, e -> {
                Balance after = StreamQueries.balanceAfter(e);
                if (after == null) {
                    return true;
                }
                if (ours[0] == null) {
                    ours[0] = after;
                }
                if (after.availableMinor() == theirs.available() && after.withheldMinor() == theirs.withheld()) {
                    lastAgreed[0] = e;
                    return false;
                }
                if (ours[0].availableMinor() == theirs.available() && ours[0].withheldMinor() == theirs.withheld()) {
                    return false;
                }
                if (e.payload() instanceof WalletMovement) {
                    if (since.size() < MAX_MOVEMENTS_LISTED) {
                        since.add(StreamEntry.of(e));
                    } else {
                        notListed[0]++;
                    }
                }
                return true;
            });
            if (ours[0] == null) {
                mismatches.add(new Mismatch(theirs.walletId(), issuerAmounts, null, null,
                        "The ledger has no such wallet", null, null, List.of(), null));
                continue;
            }
            Amounts ourAmounts = new Amounts(ours[0].availableMinor(), ours[0].withheldMinor());
            if (ourAmounts.equals(issuerAmounts)) {
                continue;
            }
            Collections.reverse(since);
            StoredEvent agreed = lastAgreed[0];
            mismatches.add(new Mismatch(theirs.walletId(), issuerAmounts, ourAmounts,
                    new Amounts(ourAmounts.available() - issuerAmounts.available(), ourAmounts.withheld() - issuerAmounts.withheld()),
                    agreed == null ? "Our balance never equalled the issuer's: all movements listed"
                            : "Balances diverged after sequence " + agreed.sequence(),
                    agreed == null ? null : agreed.sequence(), agreed == null ? null : agreed.timestamp(),
                    since, notListed[0] == 0 ? null : notListed[0]));
        }
        return new Reconciliation(issuer.size(), issuer.size() - mismatches.size(), mismatches.size(), mismatches);
    }

    // ---------------------------------------------------------------- transactions

    /** One card transaction, from either side. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TransactionLine(String cardId, String c11, String c1Tipo, Long amount, String notificationId,
                                  String movementId, Instant recordedAt, Integer exportLine, String reason) {
        TransactionLine because(String why) {
            return new TransactionLine(cardId, c11, c1Tipo, amount, notificationId, movementId, recordedAt, exportLine, why);
        }
    }

    public record TransactionReconciliation(String cardId, String walletId, Instant from, Instant to, int issuerLines,
                                            int ledgerLines, int matched, int notCompared,
                                            List<TransactionLine> onlyInIssuerExport, List<TransactionLine> onlyInLedger) {
    }

    /**
     * Matches each card-transaction line of the issuer's export with one of our card movements of the
     * same card, c11, type (c1Tipo, without regard to case or surrounding spaces) and amount. Each of
     * our notifications counts once (a parked reversal released later is one line, as at the issuer);
     * declines are left out on our side, as the issuer leaves them out of its export. Lines without
     * {@code c1Tipo} (the wallet's pay-ins, pay-outs and transfers in the ByWallet export) are not
     * compared and only counted. {@code from}/{@code to} bound our side by the time we recorded it.
     */
    public TransactionReconciliation reconcileTransactions(String cardId, String walletId, Instant from, Instant to,
                                                           List<ObjectNode> export) {
        if ((cardId == null) == (walletId == null)) {
            throw AnalystProblem.badRequest("Give exactly one of cardId (TransactionDetailList) or walletId (TransactionDetailListByWallet)");
        }
        List<TransactionLine> issuer = new ArrayList<>();
        List<TransactionLine> issuerUnreadable = new ArrayList<>();
        int notCompared = 0;
        int lineNumber = 0;
        for (ObjectNode line : export) {
            lineNumber++;
            String type = text(line, "c1Tipo");
            if (type == null || type.isBlank()) {
                notCompared++;
                continue;
            }
            String lineCard = text(line, "c2CardId");
            String c11 = text(line, "c11NumeroIdentificativoTransaccion");
            String c4 = text(line, "c4ImporteTransaccion");
            Long amount = amount(c4);
            TransactionLine t = new TransactionLine(lineCard, c11 == null ? "" : c11.trim(), type.trim(), amount, null, null, null,
                    lineNumber, null);
            if (amount == null) {
                issuerUnreadable.add(t.because("Unreadable amount c4ImporteTransaccion \"" + c4 + "\": cannot be matched"));
            } else if (cardId != null && !cardId.equals(lineCard)) {
                issuerUnreadable.add(t.because("Belongs to card " + lineCard + ", not to the card reconciled (" + cardId + ")"));
            } else {
                issuer.add(t);
            }
        }
        List<TransactionLine> ours = cardId != null ? ledgerCardLines(cardId, from, to) : ledgerWalletLines(walletId, from, to);

        Map<String, Deque<TransactionLine>> unmatchedOurs = new LinkedHashMap<>();
        for (TransactionLine l : ours) {
            unmatchedOurs.computeIfAbsent(key(l), k -> new ArrayDeque<>()).add(l);
        }
        List<TransactionLine> onlyIssuer = new ArrayList<>(issuerUnreadable);
        List<TransactionLine> issuerLeft = new ArrayList<>();
        int matched = 0;
        for (TransactionLine l : issuer) {
            Deque<TransactionLine> candidates = unmatchedOurs.get(key(l));
            if (candidates != null && !candidates.isEmpty()) {
                candidates.poll();
                matched++;
            } else {
                issuerLeft.add(l);
            }
        }
        List<TransactionLine> oursLeft = new ArrayList<>();
        unmatchedOurs.values().forEach(oursLeft::addAll);
        oursLeft.sort((a, b) -> a.recordedAt().compareTo(b.recordedAt()));
        // Reasons: what the other side has for the same card and c11.
        Map<String, List<TransactionLine>> oursByAuth = byAuthorization(oursLeft);
        Map<String, List<TransactionLine>> issuerByAuth = byAuthorization(issuerLeft);
        for (TransactionLine l : issuerLeft) {
            onlyIssuer.add(l.because(reason(l, oursByAuth.get(authKey(l)), "the ledger")));
        }
        List<TransactionLine> onlyOurs = new ArrayList<>();
        for (TransactionLine l : oursLeft) {
            onlyOurs.add(l.because(reason(l, issuerByAuth.get(authKey(l)), "the issuer's export")));
        }
        onlyIssuer.sort((a, b) -> Integer.compare(a.exportLine(), b.exportLine()));
        return new TransactionReconciliation(cardId, walletId, from, to, issuer.size() + issuerUnreadable.size(), ours.size(),
                matched, notCompared, onlyIssuer, onlyOurs);
    }

    private static String reason(TransactionLine line, List<TransactionLine> otherSide, String other) {
        if (line.c11().isEmpty()) {
            return "Not in " + other + " (no c11: matched by card, type and amount only)";
        }
        if (otherSide == null || otherSide.isEmpty()) {
            return "Not in " + other + ": nothing unmatched there for card " + line.cardId() + " and c11 " + line.c11();
        }
        Set<String> sameType = new TreeSet<>();
        Set<String> types = new TreeSet<>();
        for (TransactionLine o : otherSide) {
            if (normalType(o.c1Tipo()).equals(normalType(line.c1Tipo()))) {
                sameType.add(String.valueOf(o.amount()));
            } else {
                types.add(o.c1Tipo() + " " + o.amount());
            }
        }
        if (!sameType.isEmpty()) {
            return "Amount differs: " + other + " has " + line.c1Tipo() + " for c11 " + line.c11() + " at " + String.join(", ", sameType);
        }
        return "Type differs: " + other + " has " + String.join(", ", types) + " for c11 " + line.c11();
    }

    private List<TransactionLine> ledgerCardLines(String cardId, Instant from, Instant to) {
        List<TransactionLine> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean[] any = {false};
        store.scan(StreamQueries.cardAggregate(cardId), 0, Long.MAX_VALUE, false, e -> {
            any[0] = true;
            if (e.payload() instanceof CardNotificationRecorded r && inRange(e.timestamp(), from, to)
                    && seen.add(r.notificationId())) {
                CardNotification n = r.notification().notification();
                addBounded(lines, n.type(), new TransactionLine(cardId, n.transactionId() == null ? "" : n.transactionId(),
                        n.type(), n.amountMinor(), r.notificationId(), r.movementId(), e.timestamp(), null, null));
            }
            return true;
        });
        if (!any[0]) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Card not found", "The event store has no events for card " + cardId);
        }
        return lines;
    }

    private List<TransactionLine> ledgerWalletLines(String walletId, Instant from, Instant to) {
        List<TransactionLine> lines = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean[] any = {false};
        store.scan(StreamQueries.walletAggregate(walletId), 0, Long.MAX_VALUE, false, e -> {
            any[0] = true;
            if (e.payload() instanceof CardMovementPosted m && inRange(e.timestamp(), from, to) && seen.add(m.notificationId())) {
                addBounded(lines, m.notificationType(), new TransactionLine(m.cardId(),
                        m.transactionId() == null ? "" : m.transactionId(), m.notificationType(), m.amountMinor(),
                        m.notificationId(), m.movementId(), e.timestamp(), null, null));
            }
            return true;
        });
        if (!any[0]) {
            throw new AnalystProblem(HttpStatus.NOT_FOUND, "Wallet not found", "The event store has no events for wallet " + walletId);
        }
        return lines;
    }

    private void addBounded(List<TransactionLine> lines, String type, TransactionLine line) {
        if (NotificationKind.of(type) == NotificationKind.DECLINE) {
            return;
        }
        if (lines.size() >= maxLedgerLines) {
            throw new AnalystProblem(HttpStatus.UNPROCESSABLE_ENTITY, "Too many ledger lines",
                    "More than " + maxLedgerLines + " card movements in the range: give a narrower from/to");
        }
        lines.add(line);
    }

    private static boolean inRange(Instant t, Instant from, Instant to) {
        return (from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to));
    }

    private static Map<String, List<TransactionLine>> byAuthorization(List<TransactionLine> lines) {
        Map<String, List<TransactionLine>> map = new HashMap<>();
        lines.forEach(l -> map.computeIfAbsent(authKey(l), k -> new ArrayList<>()).add(l));
        return map;
    }

    private static String authKey(TransactionLine l) {
        return l.cardId() + "\u0000" + l.c11();
    }

    private static String key(TransactionLine l) {
        return authKey(l) + "\u0000" + normalType(l.c1Tipo()) + "\u0000" + l.amount();
    }

    static String normalType(String type) {
        return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    }

    private static String text(ObjectNode line, String field) {
        JsonNode node = IssuerExports.field(line, field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /** c4 as the issuer writes it: a string of digits in minor units (numbers accepted too). */
    static Long amount(String c4) {
        if (c4 == null) {
            return null;
        }
        String s = c4.trim();
        if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return Long.parseLong(s);
    }
}
