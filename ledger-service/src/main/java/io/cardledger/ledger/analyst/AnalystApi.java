package io.cardledger.ledger.analyst;

import io.cardledger.events.card.Issuers;
import io.cardledger.ledger.lookup.NotificationLookup;
import io.cardledger.ledger.lookup.NotificationStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/**
 * The reconciliation analyst's tools (analyst token only, enforced by the bearer filter for
 * {@code /api/v1/analyst/**}). Read-only: they read the event store and the anomalies projection on
 * the analyst's own pool ({@link AnalystDatabase}) and never change the ledger. Every answer is
 * bounded: streams and anomalies come a page at a time, the rest read one aggregate in chunks.
 */
@RestController
@RequestMapping("/api/v1/analyst")
public class AnalystApi {
    public static final String NDJSON = "application/x-ndjson";
    /** On a stream page that is not the last: the {@code from} to ask for next. */
    public static final String NEXT_FROM = "X-Next-From";

    private final StreamQueries streams;
    private final AnomalyQueries anomalies;
    private final WhatIfQuery whatIf;
    private final ReconcileQueries reconcile;
    private final NotificationLookup notifications;
    private final AnalystDatabase database;
    private final ObjectMapper json;

    public AnalystApi(StreamQueries streams, AnomalyQueries anomalies, WhatIfQuery whatIf, ReconcileQueries reconcile,
                      NotificationLookup notifications, AnalystDatabase database, ObjectMapper json) {
        this.streams = streams;
        this.anomalies = anomalies;
        this.whatIf = whatIf;
        this.reconcile = reconcile;
        this.notifications = notifications;
        this.database = database;
        this.json = json;
    }

    /** At most this many cards are listed for one c11 (a c11 is the issuer's transaction number, rarely shared). */
    public static final int MAX_CARDS_PER_C11 = 100;
    private static final String ID = "[A-Za-z0-9._:@-]{1,64}";
    private static final String C11 = "[^\\p{Cntrl}/]{1,64}";

    public record WhatIfBody(String cardId, boolean correctionsAreFinalAmounts) {
    }

    @GetMapping("/wallets/{walletId}/stream")
    ResponseEntity<?> walletStream(@PathVariable String walletId, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to, @RequestParam(required = false) Integer limit,
                                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return lines(streams.walletStream(walletId, from, to, limit), accept);
    }

    /** {@code issuer=katfacil}: the KatFacil events the card received instead of its PayCaddy stream. */
    @GetMapping("/cards/{cardId}/stream")
    ResponseEntity<?> cardStream(@PathVariable String cardId, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to, @RequestParam(required = false) Integer limit,
                                 @RequestParam(required = false) String issuer,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (issuer == null || Issuers.PAYCADDY.equals(issuer)) {
            return lines(streams.cardStream(cardId, from, to, limit), accept);
        }
        if (Issuers.KATFACIL.equals(issuer)) {
            return lines(streams.katFacilCardStream(cardId, from, to, limit), accept);
        }
        throw new AnalystProblem(HttpStatus.BAD_REQUEST, "Unknown issuer",
                "issuer must be " + Issuers.PAYCADDY + " or " + Issuers.KATFACIL);
    }

    @GetMapping("/wallets/{walletId}/balance")
    StreamQueries.BalanceAsOf balance(@PathVariable String walletId, @RequestParam String asOf) {
        return streams.balanceAsOf(walletId, StreamQueries.parseInstant(asOf, "asOf"));
    }

    @GetMapping("/anomalies")
    AnomalyQueries.AnomalyReport anomalies(@RequestParam(required = false) List<String> kind,
                                           @RequestParam(required = false) String walletId,
                                           @RequestParam(required = false) String cardId,
                                           @RequestParam(required = false) String from,
                                           @RequestParam(required = false) String to,
                                           @RequestParam(required = false) Integer openHoldDays,
                                           @RequestParam(required = false) Integer limit,
                                           @RequestParam(required = false) String after) {
        return anomalies.anomalies(new AnomalyQueries.Filter(AnomalyQueries.kinds(kind), blankToNull(walletId),
                blankToNull(cardId), instant(from, "from"), instant(to, "to"), openHoldDays, limit, after));
    }

    /**
     * A notification's status from its id alone: its card is found in {@code notification_index} (or among the
     * parked records), then read as {@code GET /api/v1/cards/{cardId}/notifications/{notificationId}} reads it.
     */
    @GetMapping("/notifications/{notificationId}")
    NotificationStatus notificationById(@PathVariable String notificationId) {
        if (!notificationId.matches(ID)) {
            throw AnalystProblem.badRequest("notificationId must be 1-64 characters of letters, digits and ._:@-");
        }
        return notifications.byNotificationId(database.jdbc(), notificationId).orElseThrow(() -> new AnalystProblem(
                HttpStatus.NOT_FOUND, "Notification not found", "No card has notification " + notificationId
                + " applied, waiting or parked: it was never received, or is still in the raw log ahead of the ledger"));
    }

    /** Every notification with this c11, on any card (at most {@value #MAX_CARDS_PER_C11} cards), card by card. */
    @GetMapping("/notifications")
    List<NotificationStatus> notificationsOfC11(@RequestParam String c11) {
        if (c11.isBlank() || !c11.matches(C11)) {
            throw AnalystProblem.badRequest("c11 must be 1-64 characters without control characters or /");
        }
        return notifications.byC11(database.jdbc(), c11, MAX_CARDS_PER_C11);
    }

    @PostMapping(value = "/what-if", consumes = MediaType.APPLICATION_JSON_VALUE)
    WhatIfReplay.Report whatIf(@RequestBody WhatIfBody body) {
        if (body == null || body.cardId() == null || body.cardId().isBlank()) {
            throw AnalystProblem.badRequest("cardId is required");
        }
        return whatIf.whatIf(body.cardId(), new WhatIfReplay.Options(body.correctionsAreFinalAmounts()));
    }

    /** CSV with a header row, or the issuer's Wallet GET / WalletsPerUserIds JSON as it is. */
    @PostMapping(value = "/reconcile", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    ReconcileQueries.Reconciliation reconcileCsv(@RequestBody String csv,
                                                 @RequestParam(required = false) String issuerBalanceMeans) {
        return reconcile.reconcile(IssuerExports.balancesFromCsv(csv, IssuerExports.BalanceMeans.parse(issuerBalanceMeans)));
    }

    @PostMapping(value = "/reconcile", consumes = MediaType.APPLICATION_JSON_VALUE)
    ReconcileQueries.Reconciliation reconcileJson(@RequestBody String body,
                                                  @RequestParam(required = false) String issuerBalanceMeans) {
        return reconcile.reconcile(IssuerExports.balancesFromJson(body, IssuerExports.BalanceMeans.parse(issuerBalanceMeans)));
    }

    /** The issuer's TransactionDetailList (with cardId) or TransactionDetailListByWallet (with walletId) response(s). */
    @PostMapping(value = "/reconcile/transactions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ReconcileQueries.TransactionReconciliation reconcileTransactions(@RequestBody String body,
                                                                     @RequestParam(required = false) String cardId,
                                                                     @RequestParam(required = false) String walletId,
                                                                     @RequestParam(required = false) String from,
                                                                     @RequestParam(required = false) String to) {
        return reconcile.reconcileTransactions(blankToNull(cardId), blankToNull(walletId), instant(from, "from"),
                instant(to, "to"), IssuerExports.transactionLines(body));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (RuntimeException e) {
            throw AnalystProblem.badRequest(name + " must be an ISO-8601 instant such as 2026-04-29T05:29:01Z, not " + value);
        }
    }

    /** A JSON array by default; JSON lines when the client asks for {@value #NDJSON}. */
    private ResponseEntity<?> lines(StreamQueries.StreamPage page, String accept) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (page.nextFrom() != null) {
            ok.header(NEXT_FROM, String.valueOf(page.nextFrom()));
        }
        if (accept == null || !accept.contains(NDJSON)) {
            return ok.contentType(MediaType.APPLICATION_JSON).body(page.entries());
        }
        StringBuilder out = new StringBuilder();
        for (Object row : page.entries()) {
            try {
                out.append(json.writeValueAsString(row)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write a stream entry as JSON", e);
            }
        }
        return ok.contentType(MediaType.parseMediaType(NDJSON)).body(out.toString());
    }
}
