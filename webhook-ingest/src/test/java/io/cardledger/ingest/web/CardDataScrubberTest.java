package io.cardledger.ingest.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CardDataScrubberTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final CardDataScrubber scrubber = CardDataScrubber.defaults();

    private ObjectNode scrubbed(String json) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(json);
        scrubber.scrub(body);
        return body;
    }

    @Test
    void removesCardDataAndSecretKeysAtAnyDepthWhateverTheirCase() throws Exception {
        ObjectNode body = scrubbed("""
                {"c2CardId":"card-1","PAN":"x","password":"p","card":{"cardNumber":"x","CVV2":"123","holder":"A",
                 "auth":{"Pin":"1234","otp":"999999","Token":"t","secret":"s"}},
                 "history":[{"numeroTarjeta":"x","cvc":"1","track1":"B","track2":"C","kept":"yes"}]}""");

        assertThat(body.toString()).isEqualTo(
                "{\"c2CardId\":\"card-1\",\"card\":{\"holder\":\"A\",\"auth\":{}},\"history\":[{\"kept\":\"yes\"}]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444",
            "378282246310005", "6011111111111117", "3530111333300000", "30569309025904", "6200000000000005",
            "4000056655665556", "2223003122003222"})
    void masksEveryTestPanOfEveryScheme(String pan) throws Exception {
        String digits = pan.replaceAll("[^0-9]", "");
        ObjectNode body = scrubbed("{\"c22Descripcion\":\"paid with " + pan + " today\",\"extra\":{\"list\":[\"" + pan
                + "\"]},\"note\":\"" + pan + "\"}");

        String masked = digits.substring(0, 6) + "*".repeat(digits.length() - 10) + digits.substring(digits.length() - 4);
        assertThat(body.get("c22Descripcion").asText()).isEqualTo("paid with " + masked + " today");
        assertThat(body.get("extra").get("list").get(0).asText()).isEqualTo(masked);
        assertThat(body.get("note").asText()).isEqualTo(masked);
        assertThat(body.toString()).doesNotContain(digits).doesNotContain(pan);
    }

    @Test
    void leavesTheIssuersIdFieldsAmountsAndNonLuhnNumbersAlone() throws Exception {
        // c2CardId and c42Comercio here are digit strings that pass Luhn: ids by contract, never masked.
        String json = """
                {"c2CardId":"4111111111111111","c42Comercio":"378282246310005","c11NumeroIdentificativoTransaccion":"000004339",
                 "c4ImporteTransaccion":"000000001617","amount":4111111111111111,"reference":"4111111111111112",
                 "long":"41111111111111111111111","short":"411111111111"}""";

        assertThat(scrubbed(json)).isEqualTo(JSON.readTree(json));
    }

    @Test
    void theSameBodyAlwaysScrubsToTheSameBytes() throws Exception {
        String json = "{\"a\":{\"pan\":\"4111111111111111\",\"n\":\"5555 5555 5555 4444\"},\"c2CardId\":\"c\"}";

        assertThat(scrubbed(json).toString()).isEqualTo(scrubbed(json).toString());
    }

    @Test
    void theKeyListIsConfiguration() throws Exception {
        CardDataScrubber custom = new CardDataScrubber(List.of("iban"), List.of());
        ObjectNode body = (ObjectNode) JSON.readTree("{\"IBAN\":\"x\",\"pan\":\"kept, not in this list\"}");

        custom.scrub(body);

        assertThat(body.toString()).isEqualTo("{\"pan\":\"kept, not in this list\"}");
    }

    @Test
    void luhn() {
        assertThat(CardDataScrubber.luhn("79927398713", 0, 11)).isTrue();
        assertThat(CardDataScrubber.luhn("79927398710", 0, 11)).isFalse();
    }
}
