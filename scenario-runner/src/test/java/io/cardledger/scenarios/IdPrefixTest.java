package io.cardledger.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdPrefixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final IdPrefix ids = new IdPrefix("sX-");

    @Test
    void everyIdFieldGetsThePrefixAndNothingElse() throws Exception {
        var body = JSON.readTree("""
                {"walletIdTo":"w-1","walletIdFrom":"w-2","id":"op","userId":"u","c2CardId":"c","amount":"5","statement":"w-1","walletId":""}""");

        assertThat(ids.namespaced(body)).isEqualTo(JSON.readTree("""
                {"walletIdTo":"sX-w-1","walletIdFrom":"sX-w-2","id":"sX-op","userId":"sX-u","c2CardId":"sX-c","amount":"5","statement":"w-1","walletId":""}"""));
    }

    @Test
    void rawTextIsSentAsWrittenExceptItsCardId() {
        assertThat(ids.namespacedText("{\"c2CardId\":\"c-1\",\"x\":1}")).isEqualTo("{\"c2CardId\":\"sX-c-1\",\"x\":1}");
        assertThat(ids.namespacedText("{not json")).isEqualTo("{not json");
    }

    @Test
    void freshPrefixesDiffer() {
        assertThat(IdPrefix.fresh()).isNotEqualTo(IdPrefix.fresh());
    }
}
