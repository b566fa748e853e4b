package io.cardledger.ledger.analyst;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One wallet's balances as the issuer reports them, in minor units: {@code balance} is the
 * available balance and {@code amountWithheld} the withheld one (the issuer's field names).
 */
public record IssuerBalance(String walletId, long balance, long amountWithheld) {

    private static final List<String> COLUMNS = List.of("walletid", "balance", "amountwithheld");

    /**
     * Parses the issuer's CSV export: a header row naming {@code walletId,balance,amountWithheld} (any
     * order, case-insensitive; other columns ignored), then one wallet per line. Blank lines are skipped.
     */
    public static List<IssuerBalance> parseCsv(String csv) {
        String[] lines = csv.replace("\r", "").split("\n");
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw AnalystProblem.badRequest("The CSV is empty: expected a header row walletId,balance,amountWithheld");
        }
        String[] header = split(lines[first]);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            index.put(header[i].toLowerCase(Locale.ROOT), i);
        }
        for (String column : COLUMNS) {
            if (!index.containsKey(column)) {
                throw AnalystProblem.badRequest("The CSV header has no " + column + " column: expected walletId,balance,amountWithheld");
            }
        }
        List<IssuerBalance> balances = new ArrayList<>();
        for (int line = first + 1; line < lines.length; line++) {
            if (lines[line].isBlank()) {
                continue;
            }
            String[] cells = split(lines[line]);
            try {
                balances.add(new IssuerBalance(cell(cells, index.get("walletid")),
                        Long.parseLong(cell(cells, index.get("balance"))),
                        Long.parseLong(cell(cells, index.get("amountwithheld")))));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw AnalystProblem.badRequest("CSV line " + (line + 1) + " is not walletId,balance,amountWithheld in minor units: "
                        + lines[line]);
            }
        }
        return balances;
    }

    private static String[] split(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
            if (cells[i].length() >= 2 && cells[i].startsWith("\"") && cells[i].endsWith("\"")) {
                cells[i] = cells[i].substring(1, cells[i].length() - 1);
            }
        }
        return cells;
    }

    private static String cell(String[] cells, int i) {
        return cells[i];
    }
}
