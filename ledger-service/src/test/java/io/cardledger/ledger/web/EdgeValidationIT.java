package io.cardledger.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.ledger.support.LedgerHttpITBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the write API refuses at its edge, over real HTTP: 400/422 problems, never a 500. */
class EdgeValidationIT extends LedgerHttpITBase {
    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String walletId = "w-" + suffix;

    private ResponseEntity<String> send(HttpMethod method, String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(SERVICE_TOKEN);
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.exchange(path, method, new HttpEntity<>(body, headers), String.class);
    }

    private JsonNode problem(ResponseEntity<String> response, int status) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
        return json.readTree(response.getBody());
    }

    private String wallet(String id, String userId) {
        return "{\"walletId\":" + json.valueToTree(id) + ",\"userId\":" + json.valueToTree(userId) + ",\"currency\":\"USD\",\"walletType\":0}";
    }

    private String payIn(String id, String amount) {
        return "{\"id\":\"" + id + "\",\"walletIdTo\":\"" + walletId + "\",\"amount\":" + amount + ",\"currency\":\"USD\"}";
    }

    @Test
    void idsLongerThan64CharactersOrWithControlCharactersAreRefusedNamingTheField() throws Exception {
        String longId = "w".repeat(65);
        assertThat(problem(send(HttpMethod.PUT, "/api/v1/wallets/" + longId, wallet(longId, "u-1")), 400).get("detail").asText())
                .contains("walletId");
        assertThat(problem(send(HttpMethod.PUT, "/api/v1/wallets/" + walletId, wallet(walletId, "u\u00001")), 400)
                .get("detail").asText()).contains("userId");
        assertThat(problem(send(HttpMethod.PUT, "/api/v1/wallets/" + walletId, wallet(walletId, "u".repeat(65))), 400)
                .get("detail").asText()).contains("userId");
        assertThat(send(HttpMethod.PUT, "/api/v1/wallets/" + walletId, wallet(walletId, "u".repeat(64))).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void amountsOutside1To10Pow15AreRefused() throws Exception {
        send(HttpMethod.PUT, "/api/v1/wallets/" + walletId, wallet(walletId, "u-1"));
        assertThat(problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "1000000000000001")), 400)
                .get("detail").asText()).contains("amount");
        assertThat(problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "0")), 400).get("detail").asText())
                .contains("amount");
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, String.valueOf(Long.MAX_VALUE))), 400);
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "99999999999999999999999")), 400);
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "\"lots\"")), 400);
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "null")), 400);
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "[1]")), 400);
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "{\"a\":1}")), 400);
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "true")), 400);
        problem(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "1").replace("\"USD\"", "[]")), 400);
        assertThat(send(HttpMethod.POST, "/api/v1/pay-ins", payIn("op-" + suffix, "1000000000000000")).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void deepNestingAndHugeNumbersAreMalformedJson() throws Exception {
        String deep = "{\"walletId\":\"" + walletId + "\",\"x\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
        problem(send(HttpMethod.PUT, "/api/v1/wallets/" + walletId, deep), 400);
        String huge = "{\"walletId\":\"" + walletId + "\",\"walletType\":1" + "0".repeat(5_000) + "}";
        problem(send(HttpMethod.PUT, "/api/v1/wallets/" + walletId, huge), 400);
    }
}
