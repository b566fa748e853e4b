package io.cardledger.events.katfacil;


import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * KatFacil amounts are decimal strings in major units ("50", "12.50"). They become {@code long}
 * minor units by the currency's ISO 4217 exponent ({@link Currency#getDefaultFractionDigits()}:
 * USD 2, JPY 0, KWD 3), exactly or not at all: an amount with more decimals than the currency has
 * ("1.005" USD) is INEXACT, and anything that is not a plain non-negative decimal, a currency Java
 * does not know (or one without minor units, such as XAU), or a value beyond a long is UNREADABLE.
 * Neither moves money; the ledger flags them. Trailing zeros are exact ("12.500" USD is 1250).
 * The direction of a movement comes from the event, never from a sign, so a sign is unreadable.
 */
public final class MajorUnits {
    /** Digits, optionally a point and more digits; at most 30 digits before the point (far beyond a long). */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,30}(\\.\\d{1,30})?");

    private MajorUnits() {
    }

    public record Converted(long minor, AmountReading reading) {
        static final Converted UNREADABLE = new Converted(0, AmountReading.UNREADABLE);
        static final Converted ABSENT = new Converted(0, AmountReading.ABSENT);
    }

    /** @param amount the amount as sent, or null when the event has none */
    public static Converted toMinor(String amount, String currencyCode) {
        if (amount == null) {
            return Converted.ABSENT;
        }
        String text = amount.strip();
        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            return Converted.UNREADABLE;
        }
        int exponent = exponent(currencyCode);
        if (exponent < 0) {
            return Converted.UNREADABLE;
        }
        BigDecimal minor = new BigDecimal(text).movePointRight(exponent);
        if (minor.signum() != 0 && minor.stripTrailingZeros().scale() > 0) {
            return new Converted(0, AmountReading.INEXACT);
        }
        try {
            return new Converted(minor.setScale(0).longValueExact(), AmountReading.EXACT);
        } catch (ArithmeticException tooLarge) {
            return Converted.UNREADABLE;
        }
    }

    /** The ISO 4217 exponent, or -1 for an unknown code or a currency without minor units defined. */
    public static int exponent(String currencyCode) {
        if (currencyCode == null || currencyCode.length() != 3) {
            return -1;
        }
        try {
            return Currency.getInstance(currencyCode).getDefaultFractionDigits();
        } catch (IllegalArgumentException unknown) {
            return -1;
        }
    }
}
