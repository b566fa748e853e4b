package io.cardledger.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.ledger.support.LedgerHttpITBase;
import io.cardledger.testing.OpenApiDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi/ledger-service.json is what the service serves (regenerate: docs/openapi/README.md). */
class OpenApiDriftIT extends LedgerHttpITBase {
    @Autowired
    TestRestTemplate http;

    @Test
    void theCommittedDocumentIsWhatTheServiceServes() throws Exception {
        ResponseEntity<String> served = http.getForEntity("/v3/api-docs", String.class);
        assertThat(served.getStatusCode().value()).isEqualTo(200);
        JsonNode document = OpenApiDocuments.normalised(served.getBody());
        assertThat(document.at("/paths/~1api~1v1~1pay-ins/post").isMissingNode()).as("POST /api/v1/pay-ins documented").isFalse();

        assertThat(OpenApiDocuments.committedOrWritten("ledger-service", document))
                .as("docs/openapi/ledger-service.json drifted from the code; regenerate it (docs/openapi/README.md)").isEqualTo(document);
    }
}
