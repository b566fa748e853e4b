package io.cardledger.projection.consume;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Rows in PostgreSQL's COPY text format, for the bulk writes of a rebuild. Values are rendered as
 * the JDBC driver would send them (timestamps rounded half up to the microsecond), so a rebuilt
 * table holds exactly what the live statements would have stored.
 */
public final class CopyRows {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private final StringBuilder out = new StringBuilder(1 << 16);
    private boolean rowStarted;
    private int rows;

    public CopyRows text(String value) {
        separate();
        if (value == null) {
            out.append("\\N");
        } else {
            escape(value);
        }
        return this;
    }

    public CopyRows number(long value) {
        separate();
        out.append(value);
        return this;
    }

    public CopyRows number(Integer value) {
        separate();
        if (value == null) {
            out.append("\\N");
        } else {
            out.append(value.intValue());
        }
        return this;
    }

    public CopyRows bool(boolean value) {
        separate();
        out.append(value ? 't' : 'f');
        return this;
    }

    public CopyRows timestamp(Instant value) {
        if (value == null) {
            return text(null);
        }
        separate();
        out.append(LOCAL.format(micros(LocalDateTime.ofInstant(value, ZoneOffset.UTC)))).append("+00");
        return this;
    }

    public CopyRows timestamp(LocalDateTime value) {
        if (value == null) {
            return text(null);
        }
        separate();
        out.append(LOCAL.format(micros(value)));
        return this;
    }

    /** A text[] literal: every element quoted, so commas, braces and quotes in values stay values. */
    public CopyRows textArray(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text(literal.append('}').toString());
    }

    public CopyRows endRow() {
        out.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** Streams the rows into {@code table (columns)} on the template's connection; no-op when empty. */
    public void copyInto(JdbcTemplate jdbc, String table, String columns) {
        if (rows == 0) {
            return;
        }
        jdbc.execute((ConnectionCallback<Long>) con -> {
            try {
                return con.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(out.toString()));
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("COPY into " + table + " failed", e);
            }
        });
    }

    private static LocalDateTime micros(LocalDateTime t) {
        // As the PostgreSQL JDBC driver does: nanoseconds past 499 round the microsecond up.
        return t.getNano() % 1000 > 499 ? t.plusNanos(1000 - t.getNano() % 1000).truncatedTo(ChronoUnit.MICROS)
                : t.truncatedTo(ChronoUnit.MICROS);
    }

    private void separate() {
        if (rowStarted) {
            out.append('\t');
        }
        rowStarted = true;
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
