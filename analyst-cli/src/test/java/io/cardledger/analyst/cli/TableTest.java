package io.cardledger.analyst.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {
    @Test
    void numbersAreRightAlignedAndTextLeftAligned() {
        String table = new Table("ID", "AMOUNT").add("w-1", -5).add("wallet-22", 12500).add("w-3", null).render();
        assertThat(table).isEqualTo("""
                ID         AMOUNT
                w-1            -5
                wallet-22   12500
                w-3
                """);
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsAProgrammingError() {
        assertThatThrownBy(() -> new Table("A", "B").add("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaks() {
        String csv = new Table("ID", "DETAIL").add("w-1", "Main wallet, \"EUR\"").add("w-2", "two\nlines").add("w-3", null).csv(true);
        assertThat(csv).isEqualTo("ID,DETAIL\nw-1,\"Main wallet, \"\"EUR\"\"\"\nw-2,\"two\nlines\"\nw-3,\n");
    }
}
