package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what the issuer exports, as it exports it (the shapes of /work/shared/seeds' API document):
 * <ul>
 *   <li>Wallet GET: {@code {"id", "balance", "amountWithheld", ...}}, one object or an array of them.
 *       {@code balance} is the TOTAL (available + withheld) unless the analyst says otherwise
 *       ({@link BalanceMeans#AVAILABLE});</li>
 *   <li>WalletsPerUserIds: {@code {"walletsJson": "[{\"Id\", \"AmountAvailable\", \"AmountWithheld\", ...}]"}}
 *       (the list is a JSON string inside the JSON), one response, an array of them, or the inner array;</li>
 *   <li>CSV with a header row naming those same fields (any order, any case, other columns ignored),
 *       read with Jackson's CSV parser: quoted cells may hold commas and quotes;</li>
 *   <li>TransactionDetailList / TransactionDetailListByWallet: {@code {"transactionListJson": "[...]"}},
 *       an array of such pages, or the inner array of notification-shaped lines.</li>
 * </ul>
 * Field names match without regard to case ({@code amountWithheld} and {@code AmountWithheld}), and
 * amounts may be JSON numbers or strings of digits, as the issuer writes both.
 */
public final class IssuerExports {
    /** What the issuer's {@code balance} field means. */
    public enum BalanceMeans { TOTAL, AVAILABLE;

        public static BalanceMeans parse(String value) {
            if (value == null || value.isBlank()) {
                return TOTAL;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw AnalystProblem.badRequest("issuerBalanceMeans must be total or available, not " + value);
            }
        }
    }

    public static final int MAX_ROWS = 100_000;

    /** Lenient about raw line breaks inside strings: the issuer's documented responses have them. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    private IssuerExports() {
    }

    // ---------------------------------------------------------------- wallet balances

    public static List<IssuerBalance> balancesFromJson(String body, BalanceMeans means) {
        List<IssuerBalance> out = new ArrayList<>();
        collectWallets(read(body, "wallet balances"), means, out);
        if (out.isEmpty()) {
            throw AnalystProblem.badRequest("No wallet found in the JSON: expected the issuer's Wallet GET response(s) "
                    + "(id, balance, amountWithheld) or WalletsPerUserIds response(s) (walletsJson)");
        }
        return out;
    }

    private static void collectWallets(JsonNode node, BalanceMeans means, List<IssuerBalance> out) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                collectWallets(element, means, out);
            }
            return;
        }
        if (!node.isObject()) {
            throw AnalystProblem.badRequest("Expected a wallet object, found " + node.getNodeType());
        }
        JsonNode nested = field(node, "walletsJson");
        if (nested != null) {
            collectWallets(nested.isTextual() ? read(nested.asText(), "walletsJson") : nested, means, out);
            return;
        }
        limit(out.size());
        out.add(wallet(node::get, fieldNames(node), means, "JSON wallet " + (out.size() + 1)));
    }

    public static List<IssuerBalance> balancesFromCsv(String csv, BalanceMeans means) {
        List<IssuerBalance> out = new ArrayList<>();
        int line = 1;
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                limit(out.size());
                out.add(wallet(name -> {
                    String value = row.get(name);
                    return value == null ? null : JSON.getNodeFactory().textNode(value);
                }, row.keySet(), means, "CSV line " + line));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof AnalystProblem p) {
                throw p;
            }
            throw AnalystProblem.badRequest("The CSV cannot be read near line " + line + ": " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw AnalystProblem.badRequest("The CSV is empty: expected a header row such as walletId,balance,amountWithheld");
        }
        return out;
    }

    /**
     * One wallet from named fields: id ({@code walletId}, {@code id} or {@code Id}); then either
     * {@code AmountAvailable} + {@code AmountWithheld} (WalletsPerUserIds: available as such) or
     * {@code balance} + {@code amountWithheld} (Wallet GET: balance read per {@code means}).
     */
    private static IssuerBalance wallet(java.util.function.Function<String, JsonNode> get, Iterable<String> names,
                                       BalanceMeans means, String where) {
        Map<String, String> byLowerCase = new java.util.HashMap<>();
        for (String name : names) {
            byLowerCase.put(name.trim().toLowerCase(Locale.ROOT), name);
        }
        java.util.function.Function<String, JsonNode> lookup = lower -> {
            String actual = byLowerCase.get(lower);
            return actual == null ? null : get.apply(actual);
        };
        JsonNode id = lookup.apply("walletid");
        if (id == null || id.isNull()) {
            id = lookup.apply("id");
        }
        if (id == null || id.isNull() || id.asText().isBlank()) {
            throw AnalystProblem.badRequest(where + " has no walletId (or id) field: expected walletId,balance,amountWithheld "
                    + "or the issuer's Id,AmountAvailable,AmountWithheld");
        }
        String walletId = id.asText().trim();
        JsonNode withheldNode = lookup.apply("amountwithheld");
        if (withheldNode == null) {
            throw AnalystProblem.badRequest(where + " (" + walletId + ") has no amountWithheld field");
        }
        long withheld = amount(withheldNode, where, "amountWithheld");
        JsonNode available = lookup.apply("amountavailable");
        if (available != null) {
            return new IssuerBalance(walletId, amount(available, where, "AmountAvailable"), withheld);
        }
        JsonNode balance = lookup.apply("balance");
        if (balance == null) {
            throw AnalystProblem.badRequest(where + " (" + walletId + ") has neither balance nor AmountAvailable");
        }
        long b = amount(balance, where, "balance");
        return new IssuerBalance(walletId, means == BalanceMeans.TOTAL ? Math.subtractExact(b, withheld) : b, withheld);
    }

    private static long amount(JsonNode node, String where, String field) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        String text = node.asText().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw AnalystProblem.badRequest(where + ": " + field + " must be a whole number of minor units (cents), not \""
                    + abbreviate(text) + "\"");
        }
    }

    // ---------------------------------------------------------------- transaction lists

    /** The card-transaction lines of TransactionDetailList(ByWallet) response(s), in export order. */
    public static List<ObjectNode> transactionLines(String body) {
        List<ObjectNode> out = new ArrayList<>();
        collectLines(read(body, "transaction list"), out);
        return out;
    }

    private static void collectLines(JsonNode node, List<ObjectNode> out) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                collectLines(element, out);
            }
            return;
        }
        if (!node.isObject()) {
            throw AnalystProblem.badRequest("Expected a transaction object, found " + node.getNodeType());
        }
        JsonNode nested = field(node, "transactionListJson");
        if (nested != null) {
            collectLines(nested.isTextual() ? read(nested.asText(), "transactionListJson") : nested, out);
            return;
        }
        limit(out.size());
        out.add((ObjectNode) node);
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode read(String body, String what) {
        if (body == null || body.isBlank()) {
            throw AnalystProblem.badRequest("The " + what + " body is empty");
        }
        try (JsonParser parser = JSON.createParser(body)) {
            JsonNode node = JSON.readTree(parser);
            if (node == null) {
                throw AnalystProblem.badRequest("The " + what + " body is empty");
            }
            return node;
        } catch (IOException e) {
            throw AnalystProblem.badRequest("The " + what + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    static JsonNode field(JsonNode object, String name) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                return f.getValue();
            }
        }
        return null;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void limit(int size) {
        if (size >= MAX_ROWS) {
            throw AnalystProblem.badRequest("At most " + MAX_ROWS + " rows per request: split the export");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
