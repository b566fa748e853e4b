package io.cardledger.events.katfacil;


import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MajorUnitsTest {

    @Nested
    class Exact {
        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource({
                "50, USD, 5000",
                "12.50, USD, 1250",
                "12.5, USD, 1250",
                "3.00, USD, 300",
                "0.01, USD, 1",
                "0, USD, 0",
                "12.500, USD, 1250",
                "500, JPY, 500",
                "500.0, JPY, 500",
                "1.234, KWD, 1234",
                "7, KWD, 7000",
                "' 50 ', USD, 5000",
                "92233720368547758.07, USD, 9223372036854775807"})
        void convertsByTheCurrencysIso4217Exponent(String amount, String currency, long minor) {
            MajorUnits.Converted converted = MajorUnits.toMinor(amount, currency);

            assertThat(converted.reading()).isEqualTo(AmountReading.EXACT);
            assertThat(converted.minor()).isEqualTo(minor);
        }
    }

    @Nested
    class NotExact {
        @ParameterizedTest(name = "{0} {1} is inexact")
        @CsvSource({"1.005, USD", "12.501, USD", "1.5, JPY", "0.0001, KWD"})
        void moreDecimalsThanTheCurrencyHasIsInexactAndMovesNothing(String amount, String currency) {
            MajorUnits.Converted converted = MajorUnits.toMinor(amount, currency);

            assertThat(converted.reading()).isEqualTo(AmountReading.INEXACT);
            assertThat(converted.minor()).isZero();
        }

        @ParameterizedTest(name = "\"{0}\" {1} is unreadable")
        @CsvSource({"'', USD", "abc, USD", "-5, USD", "+5, USD", "1e3, USD", "1,000.00, USD", "12., USD", ".5, USD",
                "50, XXX", "50, ABC", "50, usdd", "50, XAU", "92233720368547758.08, USD", "NaN, USD"})
        void anythingButAPlainNonNegativeDecimalInAKnownCurrencyIsUnreadable(String amount, String currency) {
            MajorUnits.Converted converted = MajorUnits.toMinor(amount, currency);

            assertThat(converted.reading()).isEqualTo(AmountReading.UNREADABLE);
            assertThat(converted.minor()).isZero();
        }

        @Test
        void noAmountIsAbsent() {
            assertThat(MajorUnits.toMinor(null, "USD").reading()).isEqualTo(AmountReading.ABSENT);
        }

        @Test
        void noCurrencyIsUnreadable() {
            assertThat(MajorUnits.toMinor("5", null).reading()).isEqualTo(AmountReading.UNREADABLE);
        }
    }
}
