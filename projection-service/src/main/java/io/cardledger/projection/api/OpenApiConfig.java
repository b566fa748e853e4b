package io.cardledger.projection.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The docs themselves are public (outside /api); the operations they describe need the bearer token. */
@Configuration
class OpenApiConfig {
    @Bean
    OpenAPI projectionOpenApi() {
        return new OpenAPI()
                .info(new Info().title("card-ledger projection-service")
                        .description("Read models of the ledger: wallet balances, transaction lists, card authorizations "
                                + "with their lifecycle, users' KYC status. Amounts are integers in minor units of the "
                                + "wallet's ISO 4217 currency. Eventually consistent with the ledger: see lastEventAt.")
                        .version("v1"))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
