package io.cardledger.ingest.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes card data and secrets from a webhook body before anything is hashed, parsed or written:
 * the raw topic is the source of truth (the event store and ledger-events are derived from it),
 * so what is removed here is stored nowhere.
 *
 * <ul>
 * <li>Keys in the configured list (case-insensitive: {@code pan}, {@code cardNumber}, {@code cvv},
 * {@code pin}, {@code otp}, {@code password}, {@code token}, ...) are removed at any depth, in
 * objects inside arrays too.</li>
 * <li>Any run of 13 to 19 digits (optionally grouped by single spaces or dashes) inside a string
 * value that passes the Luhn check is masked to its first 6 and last 4 digits
 * ({@code 411111******1111}), wherever it is: a PAN pasted into a description is masked too.</li>
 * <li>Except in the issuer's documented identifier fields at the top level of a notification
 * ({@code c2CardId}, {@code c11NumeroIdentificativoTransaccion}, {@code c42Comercio} and the like,
 * configurable): those are ids and codes by contract, some 15 digits long, and one in ten random
 * digit strings passes Luhn, so masking them would damage ids the ledger keys on. Numbers
 * (not strings) are never masked: the amount is a 12-digit number or string, below 13.</li>
 * </ul>
 * Deterministic, so a redelivered notification scrubs to the same body and keeps its id.
 */
public final class CardDataScrubber {
    public static final List<String> DEFAULT_KEYS = List.of("pan", "cardNumber", "numeroTarjeta", "cvv", "cvv2", "cvc",
            "pin", "otp", "password", "secret", "token", "track1", "track2");
    public static final List<String> DEFAULT_PAN_EXEMPT_FIELDS = List.of("c1Tipo", "c2CardId", "c3CodigoProceso",
            "c4ImporteTransaccion", "c7FechaHoraTransaccion", "BDateUtcCreate", "c11NumeroIdentificativoTransaccion",
            "c18CodigoActividadEstablecimiento", "c19CodigoPaisAdquirente", "c38NumeroAutorizacion", "c41TerminalId",
            "c42Comercio", "c43IdentificadorComercio", "IdCadena", "c22DatosPuntoServicio");
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    private final Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    private final Set<String> exempt;

    public CardDataScrubber(Collection<String> keys, Collection<String> panExemptTopLevelFields) {
        this.keys.addAll(keys);
        this.exempt = Set.copyOf(panExemptTopLevelFields);
    }

    public static CardDataScrubber defaults() {
        return new CardDataScrubber(DEFAULT_KEYS, DEFAULT_PAN_EXEMPT_FIELDS);
    }

    /** Scrubs in place. */
    public void scrub(ObjectNode body) {
        scrubObject(body, true);
    }

    private void scrubObject(ObjectNode node, boolean topLevel) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (keys.contains(field.getKey())) {
                it.remove();
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isTextual()) {
                if (!(topLevel && exempt.contains(field.getKey()))) {
                    String masked = maskPans(value.textValue());
                    if (masked != null) {
                        field.setValue(TextNode.valueOf(masked));
                    }
                }
            } else if (value.isObject()) {
                scrubObject((ObjectNode) value, false);
            } else if (value.isArray()) {
                scrubArray((ArrayNode) value);
            }
        }
    }

    private void scrubArray(ArrayNode array) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            if (value.isTextual()) {
                String masked = maskPans(value.textValue());
                if (masked != null) {
                    array.set(i, TextNode.valueOf(masked));
                }
            } else if (value.isObject()) {
                scrubObject((ObjectNode) value, false);
            } else if (value.isArray()) {
                scrubArray((ArrayNode) value);
            }
        }
    }

    /** @return the text with every PAN-like digit run masked, or null when there was none (the common case, no allocation) */
    public static String maskPans(String text) {
        int n = text.length();
        if (n < MIN_DIGITS) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < n) {
            if (!digit(text.charAt(i)) || (i > 0 && digit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            // A run: digits, with single spaces or dashes between digits.
            int end = i;
            int digits = 0;
            int j = i;
            while (j < n) {
                char c = text.charAt(j);
                if (digit(c)) {
                    digits++;
                    end = j + 1;
                    j++;
                } else if ((c == ' ' || c == '-') && j + 1 < n && digit(text.charAt(j + 1)) && digits > 0) {
                    j++;
                } else {
                    break;
                }
            }
            if (digits >= MIN_DIGITS && digits <= MAX_DIGITS && luhn(text, i, end)) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(text, copied, i).append(mask(text, i, end, digits));
                copied = end;
            }
            i = end;
        }
        if (out == null) {
            return null;
        }
        return out.append(text, copied, n).toString();
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean luhn(CharSequence s, int from, int to) {
        int sum = 0;
        boolean doubled = false;
        for (int k = to - 1; k >= from; k--) {
            char c = s.charAt(k);
            if (!digit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** First 6 and last 4 digits kept, the rest as '*'; separators dropped. */
    private static String mask(String s, int from, int to, int digits) {
        StringBuilder m = new StringBuilder(digits);
        int seen = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (digit(c)) {
                m.append(seen < 6 || seen >= digits - 4 ? c : '*');
                seen++;
            }
        }
        return m.toString();
    }
}
