package io.cardledger.ledger.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ledger's OpenAPI document (/v3/api-docs): public, like projection-service's; the operations need the bearer token. */
@Configuration
class OpenApiConfig {
    @Bean
    OpenAPI ledgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("card-ledger ledger-service")
                        .description("What the integrator records after doing it at the issuer (wallets, cards, pay-ins, "
                                + "pay-outs, transfers, credit lines, card controls, chargebacks) and the ledger's own "
                                + "lookups (a card's state, a credit line's status, a notification's status). Amounts are "
                                + "integers in minor units; refusals are application/problem+json with the issuer's titles.")
                        .version("v1"))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
