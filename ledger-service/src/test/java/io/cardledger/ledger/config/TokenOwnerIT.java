package io.cardledger.ledger.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import io.cardledger.ledger.support.NonConsumingLedgerContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox's claim after a crash (docs/reliability.md): an instance restarted under its configured
 * {@code cardledger.ledger.token-owner} takes the claim its dead predecessor left at once; an instance
 * with the default, unique owner has to wait until that claim times out.
 */
class TokenOwnerIT extends NonConsumingLedgerContext {
    @Autowired
    ConnectionProvider connections;
    @Autowired
    Serializer serializer;
    @Autowired
    TokenSchema schema;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anInstanceRestartedUnderItsNameTakesTheClaimOfItsCrashedPredecessorAtOnce() {
        // given a processor whose only segment is claimed by "ledger-service-7", which then died without releasing it
        String processor = "owner-probe-" + UUID.randomUUID();
        LedgerConfig config = new LedgerConfig();
        TokenStore crashed = config.tokenStore(connections, serializer, schema, "ledger-service-7");
        inTransaction(() -> {
            crashed.initializeTokenSegments(processor, 1);
            crashed.fetchToken(processor, 0);
        });

        // when another instance with the default (unique) owner and the restarted "ledger-service-7" fetch the token
        TokenStore stranger = config.tokenStore(connections, serializer, schema, "");
        TokenStore restarted = config.tokenStore(connections, serializer, schema, "ledger-service-7");

        // then the stranger is refused while the claim is fresh, and the restarted instance gets it
        assertThatThrownBy(() -> inTransaction(() -> stranger.fetchToken(processor, 0)))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatCode(() -> inTransaction(() -> restarted.fetchToken(processor, 0))).doesNotThrowAnyException();
    }

    private void inTransaction(Runnable work) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> work.run());
    }
}
