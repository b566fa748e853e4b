package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
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

import java.util.List;

/**
 * The reconciliation analyst's tools (analyst token only, enforced by the bearer filter for
 * {@code /api/v1/analyst/**}). Read-only: they read the event store and never change the ledger.
 */
@RestController
@RequestMapping("/api/v1/analyst")
public class AnalystApi {
    public static final String NDJSON = "application/x-ndjson";

    private final AnalystQueries queries;
    private final ObjectMapper json;

    public AnalystApi(AnalystQueries queries, ObjectMapper json) {
        this.queries = queries;
        this.json = json;
    }

    public record WhatIfBody(String cardId, boolean correctionsAreFinalAmounts) {
    }

    @GetMapping("/wallets/{walletId}/stream")
    ResponseEntity<?> walletStream(@PathVariable String walletId, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return lines(queries.walletStream(walletId, from, to), accept);
    }

    @GetMapping("/cards/{cardId}/stream")
    ResponseEntity<?> cardStream(@PathVariable String cardId, @RequestParam(required = false) String from,
                                 @RequestParam(required = false) String to,
                                 @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return lines(queries.cardStream(cardId, from, to), accept);
    }

    @GetMapping("/wallets/{walletId}/balance")
    AnalystQueries.BalanceAsOf balance(@PathVariable String walletId, @RequestParam String asOf) {
        return queries.balanceAsOf(walletId, AnalystQueries.parseInstant(asOf, "asOf"));
    }

    @GetMapping("/anomalies")
    AnalystQueries.AnomalyReport anomalies(@RequestParam(defaultValue = "7") int openHoldDays) {
        return queries.anomalies(openHoldDays);
    }

    @PostMapping(value = "/what-if", consumes = MediaType.APPLICATION_JSON_VALUE)
    WhatIfReplay.Report whatIf(@RequestBody WhatIfBody body) {
        if (body == null || body.cardId() == null || body.cardId().isBlank()) {
            throw AnalystProblem.badRequest("cardId is required");
        }
        return queries.whatIf(body.cardId(), new WhatIfReplay.Options(body.correctionsAreFinalAmounts()));
    }

    @PostMapping(value = "/reconcile", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    AnalystQueries.Reconciliation reconcileCsv(@RequestBody String csv) {
        return queries.reconcile(IssuerBalance.parseCsv(csv));
    }

    @PostMapping(value = "/reconcile", consumes = MediaType.APPLICATION_JSON_VALUE)
    AnalystQueries.Reconciliation reconcileJson(@RequestBody List<IssuerBalance> balances) {
        return queries.reconcile(balances);
    }

    /** A JSON array by default; JSON lines when the client asks for {@value #NDJSON}. */
    private ResponseEntity<?> lines(List<?> rows, String accept) {
        if (accept == null || !accept.contains(NDJSON)) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
        }
        StringBuilder out = new StringBuilder();
        for (Object row : rows) {
            try {
                out.append(json.writeValueAsString(row)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write a stream entry as JSON", e);
            }
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(NDJSON)).body(out.toString());
    }
}
