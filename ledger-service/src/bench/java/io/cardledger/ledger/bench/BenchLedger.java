package io.cardledger.ledger.bench;

import io.cardledger.ledger.LedgerServiceApplication;
import io.cardledger.testing.SharedInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The ledger service as the benchmarks start it: on the shared broker and PostgreSQL, consuming nothing itself. */
final class BenchLedger {
    private BenchLedger() {
    }

    /** Spring properties for database {@code database}: own consumer group, listeners off, any port, warnings only. */
    static Map<String, Object> properties(SharedInfra infra, String database) {
        Map<String, Object> props = new HashMap<>(infra.springProperties(database));
        props.put("spring.kafka.consumer.group-id", "bench-" + UUID.randomUUID());
        props.put("cardledger.ledger.consume", "false");
        props.put("server.port", "0");
        props.put("logging.level.root", "WARN");
        return props;
    }

    static ConfigurableApplicationContext start(Map<String, Object> props) {
        return new SpringApplicationBuilder(LedgerServiceApplication.class)
                .run(props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
