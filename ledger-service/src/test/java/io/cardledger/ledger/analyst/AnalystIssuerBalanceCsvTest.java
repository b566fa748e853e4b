package io.cardledger.ledger.analyst;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnalystIssuerBalanceCsvTest {

    @Test
    void readsColumnsByTheirHeaderNames() {
        assertThat(IssuerBalance.parseCsv("amountWithheld,walletId,balance\r\n10,\"w-1\",-5\n\n0,w-2,700\n"))
                .containsExactly(new IssuerBalance("w-1", -5, 10), new IssuerBalance("w-2", 700, 0));
    }

    @Test
    void aLineThatIsNotMinorUnitsIsRefusedWithItsNumber() {
        assertThatThrownBy(() -> IssuerBalance.parseCsv("walletId,balance,amountWithheld\nw-1,12.50,0\n"))
                .isInstanceOf(AnalystProblem.class).hasMessageContaining("line 2");
    }

    @Test
    void aMissingColumnIsRefused() {
        assertThatThrownBy(() -> IssuerBalance.parseCsv("walletId,balance\nw-1,5\n"))
                .isInstanceOf(AnalystProblem.class).hasMessageContaining("amountwithheld");
    }
}
