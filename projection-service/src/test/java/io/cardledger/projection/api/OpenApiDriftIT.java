package io.cardledger.projection.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardledger.projection.ProjectionITBase;
import io.cardledger.testing.OpenApiDocuments;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi/projection-service.json is what the service serves (regenerate: docs/openapi/README.md). */
class OpenApiDriftIT extends ProjectionITBase {
    @Test
    void theCommittedDocumentIsWhatTheServiceServes() throws Exception {
        ResponseEntity<String> served = http.getForEntity("/v3/api-docs", String.class);
        assertThat(served.getStatusCode().value()).isEqualTo(200);
        JsonNode document = OpenApiDocuments.normalised(served.getBody());
        assertThat(document.at("/paths/~1api~1v1~1wallets~1{walletId}/get").isMissingNode()).as("the balance read documented").isFalse();

        assertThat(OpenApiDocuments.committedOrWritten("projection-service", document))
                .as("docs/openapi/projection-service.json drifted from the code; regenerate it (docs/openapi/README.md)").isEqualTo(document);
    }
}
