package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardledger.ledger.analyst.IssuerExports.BalanceMeans;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The issuer's exports as the issuer's API document shows them (seeds/004). */
class IssuerExportsTest {

    @Test
    void walletGetBalanceIsTheTotalByDefaultAndAvailableWhenSaid() {
        String walletGet = """
                {"id": "5bcf7be1-717c-49ed-a8a4-0170892308ab", "userId": "u", "currency": "USD", "description": "Main",
                 "balance": 10000, "amountWithheld": 1500, "creationDate": "2022-07-19T20:08:29.970Z"}""";

        assertThat(IssuerExports.balancesFromJson(walletGet, BalanceMeans.TOTAL))
                .containsExactly(new IssuerBalance("5bcf7be1-717c-49ed-a8a4-0170892308ab", 8500, 1500));
        assertThat(IssuerExports.balancesFromJson(walletGet, BalanceMeans.AVAILABLE))
                .containsExactly(new IssuerBalance("5bcf7be1-717c-49ed-a8a4-0170892308ab", 10000, 1500));
        assertThat(IssuerExports.balancesFromJson("[" + walletGet + "," + walletGet.replace("5bcf", "aaaa") + "]",
                BalanceMeans.TOTAL)).hasSize(2);
    }

    @Test
    void walletsPerUserIdsIsReadFromItsStringifiedListAsDocumentedLineBreaksIncluded() {
        // verbatim from the issuer's document: the list is a JSON string, with raw line breaks in it
        String response = "{\"walletsJson\": \"[\n"
                + "{\\\"Id\\\":\\\"216fa217-6826-48b8-ab5b-0180891cef30\\\",\\\"BDateUtcCreate\\\":\\\"2022-05-03T08:50:16.4959966\\\",\\\"BTimestamp\\\":\\\"AAAAAAAb6Pk=\\\",\n"
                + "\\\"ClientId\\\":\\\"1c5a29f5\\\",\\\"UserId\\\":\\\"qa2c3b2a\\\",\\\"Currency\\\":\\\"USD\\\",\\\"Description\\\":\\\"Main wallet\\\",\\\"AmountAvailable\\\":38574,\\\"AmountWithheld\\\":1110756},\n"
                + "{\\\"Id\\\":\\\"d6928675-a4fe-4752-8e7e-018099d30fe1\\\",\\\"Description\\\":\n"
                + "\\\"SecondaryWallet\\\",\\\"AmountAvailable\\\":381599,\n"
                + "\\\"AmountWithheld\\\":29253372}\n"
                + "]\"}";

        // AmountAvailable is available as such, whatever balance means
        assertThat(IssuerExports.balancesFromJson(response, BalanceMeans.TOTAL)).containsExactly(
                new IssuerBalance("216fa217-6826-48b8-ab5b-0180891cef30", 38574, 1110756),
                new IssuerBalance("d6928675-a4fe-4752-8e7e-018099d30fe1", 381599, 29253372));
    }

    @Test
    void csvIsReadWithACsvParserSoAQuotedCommaIsOneCell() {
        String csv = "description,amountWithheld,walletId,balance\r\n"
                + "\"Main wallet, EUR \"\"savings\"\"\",10,\"w-1\",25\n"
                + "\n"
                + "plain,0,w-2,700\n";

        assertThat(IssuerExports.balancesFromCsv(csv, BalanceMeans.TOTAL))
                .containsExactly(new IssuerBalance("w-1", 15, 10), new IssuerBalance("w-2", 700, 0));
        assertThat(IssuerExports.balancesFromCsv(csv, BalanceMeans.AVAILABLE))
                .containsExactly(new IssuerBalance("w-1", 25, 10), new IssuerBalance("w-2", 700, 0));
        assertThat(IssuerExports.balancesFromCsv("Id,AmountAvailable,AmountWithheld\nw-3,5,6\n", BalanceMeans.TOTAL))
                .containsExactly(new IssuerBalance("w-3", 5, 6));
    }

    @Test
    void aCellThatIsNotMinorUnitsIsRefusedWithItsLine() {
        assertThatThrownBy(() -> IssuerExports.balancesFromCsv("walletId,balance,amountWithheld\nw-1,12.50,0\n", BalanceMeans.TOTAL))
                .isInstanceOf(AnalystProblem.class).hasMessageContaining("line 2").hasMessageContaining("12.50");
    }

    @Test
    void aMissingColumnIsRefused() {
        assertThatThrownBy(() -> IssuerExports.balancesFromCsv("walletId,balance\nw-1,5\n", BalanceMeans.TOTAL))
                .isInstanceOf(AnalystProblem.class).hasMessageContaining("amountWithheld");
        assertThatThrownBy(() -> IssuerExports.balancesFromJson("{\"balance\":1,\"amountWithheld\":0}", BalanceMeans.TOTAL))
                .isInstanceOf(AnalystProblem.class).hasMessageContaining("walletId");
        assertThatThrownBy(() -> IssuerExports.balancesFromJson("{\"id\":", BalanceMeans.TOTAL))
                .isInstanceOf(AnalystProblem.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void transactionDetailListLinesComeFromTheStringifiedList() {
        String page = "{\"transactionListJson\": \"[{\\\"c1Tipo\\\":\\\"PeticionAutorizacion\\\",\\\"c2CardId\\\":\\\"904ee16a\\\","
                + "\\\"c4ImporteTransaccion\\\":\\\"116\\\",\\\"c11NumeroIdentificativoTransaccion\\\":\\\"000088058\\\","
                + "\\\"c43IdentificadorComercio\\\":\\\"TRANVIA DE MURCIA CHURRA-MURCIA\n\\\"}]\","
                + " \"totalItems\": \"1\", \"currentPage\": \"1\", \"totalPages\": \"1\"}";

        List<ObjectNode> lines = IssuerExports.transactionLines("[" + page + "," + page + "]");

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("c4ImporteTransaccion").asText()).isEqualTo("116");
        assertThat(lines.get(0).get("c11NumeroIdentificativoTransaccion").asText()).isEqualTo("000088058");
    }

    @Test
    void balanceMeansIsTotalUnlessSaid() {
        assertThat(BalanceMeans.parse(null)).isEqualTo(BalanceMeans.TOTAL);
        assertThat(BalanceMeans.parse(" Available ")).isEqualTo(BalanceMeans.AVAILABLE);
        assertThatThrownBy(() -> BalanceMeans.parse("net")).isInstanceOf(AnalystProblem.class);
    }
}
