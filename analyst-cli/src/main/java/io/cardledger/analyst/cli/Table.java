package io.cardledger.analyst.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table for a terminal: one header row, columns padded to their widest cell, numbers
 * right-aligned so amounts line up by their last digit.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    public Table add(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("Expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "" : String.valueOf(c)).toList());
        return this;
    }

    public int size() {
        return rows.size();
    }

    public String render() {
        int[] widths = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        Arrays.fill(numeric, !rows.isEmpty());
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
                numeric[i] &= row.get(i).isEmpty() || isNumber(row.get(i));
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths, numeric);
        for (List<String> row : rows) {
            line(out, row, widths, numeric);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append("  ");
            }
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            line.append(numeric[i] ? pad + cell : cell + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** The same rows as CSV (RFC 4180 quoting by Jackson's CSV writer), with or without the header row. */
    public String csv(boolean withHeader) {
        List<List<String>> all = new ArrayList<>();
        if (withHeader) {
            all.add(headers);
        }
        all.addAll(rows);
        try {
            return CSV.writeValueAsString(all);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write CSV", e);
        }
    }

    private static final com.fasterxml.jackson.dataformat.csv.CsvMapper CSV = new com.fasterxml.jackson.dataformat.csv.CsvMapper();

    static boolean isNumber(String s) {
        return s.matches("[+-]?\\d+");
    }
}
