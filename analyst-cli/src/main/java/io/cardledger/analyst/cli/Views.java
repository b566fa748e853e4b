package io.cardledger.analyst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The analyst API's JSON answers as tables a person can read. Amounts are minor units. */
final class Views {
    private Views() {
    }

    static String stream(JsonNode entries) {
        Table t = streamTable(entries);
        return t.render() + t.size() + " event(s)\n";
    }

    static Table streamTable(JsonNode entries) {
        Table t = new Table("SEQ", "TIMESTAMP", "TYPE", "C1TIPO", "C4", "C11", "ΔAVAILABLE", "ΔWITHHELD", "AVAILABLE",
                "WITHHELD", "FLAGS", "ISSUER", "EFFECT", "MOVEMENT");
        for (JsonNode e : entries) {
            t.add(text(e, "sequence"), text(e, "timestamp"), text(e, "type"), text(e, "c1Tipo"), text(e, "c4"), text(e, "c11"),
                    text(e, "availableDelta"), text(e, "withheldDelta"), text(e, "availableAfter"), text(e, "withheldAfter"),
                    flags(e.path("flags")), text(e, "issuer"), text(e, "effect"), text(e, "movementId"));
        }
        return t;
    }

    static String balance(JsonNode b) {
        return balanceTable(b).render();
    }

    static Table balanceTable(JsonNode b) {
        Table t = new Table("WALLET", "AS OF", "AVAILABLE", "WITHHELD", "TOTAL", "CURRENCY", "AFTER SEQ", "STORED AT");
        t.add(text(b, "walletId"), text(b, "asOf"), text(b, "available"), text(b, "withheld"), text(b, "total"),
                text(b, "currency"), text(b, "sequence"), text(b, "eventTimestamp"));
        return t;
    }

    static Table anomaliesTable(JsonNode report) {
        Table t = new Table("KIND", "CARD", "WALLET", "C11", "C1TIPO", "C4", "ΔAVAILABLE", "ΔWITHHELD", "HELD", "STATUS", "AT",
                "AGE S", "NOTIFICATION", "DETAIL");
        for (JsonNode a : report.path("anomalies")) {
            t.add(text(a, "kind"), text(a, "cardId"), text(a, "walletId"), text(a, "c11"), text(a, "c1Tipo"), text(a, "c4"),
                    text(a, "availableDelta"), text(a, "withheldDelta"), text(a, "heldMinor"), text(a, "authorizationStatus"),
                    text(a, "timestamp"), text(a, "ageSeconds"), text(a, "notificationId"), text(a, "detail"));
        }
        return t;
    }

    /** One row per movement of each notification (one row for a notification without movements). */
    static Table notificationsTable(List<JsonNode> statuses) {
        Table t = new Table("NOTIFICATION", "CARD", "C11", "TYPE", "STATE", "MOVEMENT", "ΔAVAILABLE", "ΔWITHHELD", "AUTH/EFFECT",
                "FLAGS", "RECORDED AT", "PARKED");
        for (JsonNode s : statuses) {
            JsonNode p = s.path("parkedRecord");
            String parked = p.isObject() ? text(p, "status") + " #" + text(p, "id") + ": " + text(p, "reason") : "";
            if (s.path("movements").isEmpty()) {
                t.add(text(s, "notificationId"), text(s, "cardId"), text(s, "transactionId"), text(s, "notificationType"),
                        text(s, "state"), "", "", "", "", "", "", parked);
            }
            for (JsonNode m : s.path("movements")) {
                List<String> flags = new ArrayList<>();
                m.path("flags").forEach(f -> flags.add(f.asText()));
                t.add(text(s, "notificationId"), text(s, "cardId"), text(s, "transactionId"), text(s, "notificationType"),
                        text(s, "state"), text(m, "movementId"), text(m, "availableDelta"), text(m, "withheldDelta"),
                        m.hasNonNull("effect") ? text(m, "effect") : text(m, "authorizationStatus"), String.join(" ", flags),
                        text(m, "recordedAt"), parked);
            }
        }
        return t;
    }

    static String anomalies(JsonNode report) {
        Table t = anomaliesTable(report);
        List<String> counts = new ArrayList<>();
        List<String> atLeast = new ArrayList<>();
        report.path("countsAtLeast").forEach(k -> atLeast.add(k.asText()));
        report.path("counts").fields().forEachRemaining(f -> counts.add(f.getKey() + "=" + f.getValue().asText()
                + (atLeast.contains(f.getKey()) ? "+" : "")));
        return t.render() + t.size() + " anomaly(ies)" + (counts.isEmpty() ? "" : ": " + String.join(", ", counts))
                + " (open holds older than " + text(report, "openHoldDays") + " day(s))\n"
                + (text(report, "next").isEmpty() ? "" : "more: --after " + text(report, "next") + "  (or --all)\n");
    }

    static String whatIf(JsonNode report) {
        Table t = whatIfTable(report);
        return whatIfWith(report, t);
    }

    static Table whatIfTable(JsonNode report) {
        Table t = new Table("MOVEMENT", "C1TIPO", "C11", "C4", "LIVE ΔA", "LIVE ΔW", "WHAT-IF ΔA", "WHAT-IF ΔW", "DIFFERS");
        for (JsonNode m : report.path("movements")) {
            t.add(text(m, "movementId"), text(m, "c1Tipo"), text(m, "c11"), text(m, "c4"),
                    text(m.path("live"), "available"), text(m.path("live"), "withheld"),
                    text(m.path("whatIf"), "available"), text(m.path("whatIf"), "withheld"),
                    m.path("differs").asBoolean() ? "*" : "");
        }
        return t;
    }

    private static String whatIfWith(JsonNode report, Table t) {
        JsonNode live = report.path("liveTotal");
        JsonNode whatIf = report.path("whatIfTotal");
        JsonNode diff = report.path("difference");
        Table totals = new Table("TOTALS", "ΔAVAILABLE", "ΔWITHHELD");
        totals.add("live", text(live, "available"), text(live, "withheld"));
        totals.add("what-if", text(whatIf, "available"), text(whatIf, "withheld"));
        totals.add("difference", signed(diff, "available"), signed(diff, "withheld"));
        return "card " + text(report, "cardId") + " (wallet " + text(report, "walletId") + "), correctionsAreFinalAmounts="
                + text(report.path("options"), "correctionsAreFinalAmounts") + "\n" + t.render()
                + text(report, "movementsThatDiffer") + " of " + t.size() + " movement(s) differ\n\n" + totals.render();
    }

    /** The totals of a what-if report as one JSON line, printed after its movements with --json. */
    static JsonNode whatIfTotals(JsonNode report) {
        ObjectNode totals = JsonNodeFactory.instance.objectNode();
        totals.put("cardId", text(report, "cardId"));
        totals.set("options", report.path("options"));
        totals.set("liveTotal", report.path("liveTotal"));
        totals.set("whatIfTotal", report.path("whatIfTotal"));
        totals.set("difference", report.path("difference"));
        totals.set("movementsThatDiffer", report.path("movementsThatDiffer"));
        return totals;
    }

    /** One row per differing wallet, for CSV. */
    static Table reconciliationTable(JsonNode report) {
        Table t = new Table("walletId", "issuerAvailable", "issuerWithheld", "oursAvailable", "oursWithheld",
                "differenceAvailable", "differenceWithheld", "lastAgreedSequence", "movementsSince", "reason");
        for (JsonNode m : report.path("mismatches")) {
            t.add(text(m, "walletId"), text(m.path("issuer"), "available"), text(m.path("issuer"), "withheld"),
                    text(m.path("ours"), "available"), text(m.path("ours"), "withheld"), text(m.path("difference"), "available"),
                    text(m.path("difference"), "withheld"), text(m, "lastAgreedSequence"),
                    m.path("movementsSince").size() + m.path("movementsNotListed").asInt(0), text(m, "reason"));
        }
        return t;
    }

    /** The unmatched lines of a transaction-level reconciliation, both sides. */
    static Table transactionsTable(JsonNode report) {
        Table t = new Table("SIDE", "CARD", "C11", "C1TIPO", "AMOUNT", "EXPORT LINE", "MOVEMENT", "RECORDED AT", "REASON");
        for (JsonNode l : report.path("onlyInIssuerExport")) {
            t.add("issuer only", text(l, "cardId"), text(l, "c11"), text(l, "c1Tipo"), text(l, "amount"), text(l, "exportLine"),
                    "", "", text(l, "reason"));
        }
        for (JsonNode l : report.path("onlyInLedger")) {
            t.add("ledger only", text(l, "cardId"), text(l, "c11"), text(l, "c1Tipo"), text(l, "amount"), "",
                    text(l, "movementId"), text(l, "recordedAt"), text(l, "reason"));
        }
        return t;
    }

    static String transactions(JsonNode report) {
        Table t = transactionsTable(report);
        return text(report, "issuerLines") + " issuer line(s), " + text(report, "ledgerLines") + " ledger line(s), "
                + text(report, "matched") + " matched, " + text(report, "notCompared") + " wallet operation line(s) not compared\n"
                + (t.size() == 0 ? "" : t.render()) + report.path("onlyInIssuerExport").size() + " only in the issuer's export, "
                + report.path("onlyInLedger").size() + " only in the ledger\n";
    }

    static String reconciliation(JsonNode report) {
        StringBuilder out = new StringBuilder();
        out.append(text(report, "checked")).append(" wallet(s) checked, ").append(text(report, "matched")).append(" match, ")
                .append(text(report, "mismatched")).append(" differ\n");
        for (JsonNode m : report.path("mismatches")) {
            out.append('\n');
            Table t = new Table("WALLET", "", "AVAILABLE", "WITHHELD");
            t.add(text(m, "walletId"), "issuer", text(m.path("issuer"), "available"), text(m.path("issuer"), "withheld"));
            t.add("", "ours", text(m.path("ours"), "available"), text(m.path("ours"), "withheld"));
            t.add("", "ours - issuer", signed(m.path("difference"), "available"), signed(m.path("difference"), "withheld"));
            out.append(t.render()).append(text(m, "reason")).append('\n');
            if (m.path("movementsSince").size() > 0) {
                out.append(indent(stream(m.path("movementsSince"))));
            }
        }
        return out.toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.asText();
    }

    /** A difference with its sign, so "+2500" reads as "we have 2500 more". */
    static String signed(JsonNode node, String field) {
        String v = text(node, field);
        return v.isEmpty() || v.startsWith("-") || v.equals("0") ? v : "+" + v;
    }

    private static String flags(JsonNode flags) {
        List<String> names = new ArrayList<>();
        flags.forEach(f -> names.add(f.asText()));
        return String.join(",", names);
    }

    private static String indent(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            out.append("    ").append(line).append('\n');
        }
        return out.toString();
    }

    static String rebuild(JsonNode s) {
        Table t = rebuildTable(s);
        String detail = text(s, "detail");
        return t.render() + (detail.isEmpty() ? "" : "detail: " + detail + "\n");
    }

    static Table rebuildTable(JsonNode s) {
        Table t = new Table("REBUILD", "PHASE", "EVENTS READ", "APPLIED", "DUPLICATES", "GAPS", "SKIPPED", "AGGREGATES",
                "EVENTS/S", "READ MS", "INDEX MS", "SWITCH MS", "TOTAL MS");
        t.add(text(s, "id"), text(s, "phase"), text(s, "eventsRead"), text(s, "eventsApplied"), text(s, "duplicates"), text(s, "gaps"),
                text(s, "skipped"), text(s, "aggregates"), text(s, "eventsPerSecond"), text(s, "readMillis"), text(s, "indexMillis"),
                text(s, "switchMillis"), text(s, "elapsedMillis"));
        return t;
    }
}
