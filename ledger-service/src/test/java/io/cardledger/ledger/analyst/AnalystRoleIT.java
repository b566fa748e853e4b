package io.cardledger.ledger.analyst;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.testing.SharedInfra;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The analysts' pool logs in, in every deployment, as the role {@code ledger_analyst} of
 * deploy/postgres-init.sql. This runs that file's analyst section, as written, on a migrated ledger
 * database of the shared PostgreSQL, then shows that the role serves the analyst reports and that it
 * can change nothing: not in the pool's read-only transactions, and not in a read-write one either.
 */
class AnalystRoleIT {
    private static final String DATABASE = "ledger_analyst_role";
    private static final String PASSWORD = "analyst-role-it";
    private static String url;
    private static AnalystDatabase analyst;

    @BeforeAll
    static void roleAsDeployed() throws IOException, SQLException {
        SharedInfra infra = SharedInfra.get();
        url = infra.jdbcUrl(DATABASE);
        Flyway.configure().dataSource(url, infra.username(), infra.password()).locations("classpath:db/migration").load().migrate();

        List<String> init = Files.readAllLines(Path.of("..", "deploy", "postgres-init.sql"));
        String alterRole = init.stream().filter(l -> l.startsWith("ALTER ROLE ledger_analyst ") && l.contains(" WITH LOGIN ")).findFirst().orElseThrow();
        int begin = init.indexOf(init.stream().filter(l -> l.contains("analyst role: begin")).findFirst().orElseThrow());
        int end = init.indexOf(init.stream().filter(l -> l.contains("analyst role: end")).findFirst().orElseThrow());
        try (Connection admin = DriverManager.getConnection(url, infra.username(), infra.password()); Statement sql = admin.createStatement()) {
            for (String role : List.of("ledger_owner", "ledger_analyst")) {
                sql.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE " + role + "; END IF; END $$");
            }
            sql.execute(alterRole.replace(":'ledger_analyst_password'", "'" + PASSWORD + "'"));
            sql.execute("GRANT CONNECT ON DATABASE " + DATABASE + " TO ledger_analyst");
            for (String line : init.subList(begin + 1, end)) {
                if (!line.isBlank() && !line.startsWith("--")) {
                    sql.execute(line);
                }
            }
        }
        analyst = new AnalystDatabase(url, "ledger_analyst", PASSWORD, 2, Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    @AfterAll
    static void close() {
        if (analyst != null) {
            analyst.destroy();
        }
    }

    @Test
    void theRoleServesTheAnalystReports() {
        AnomalyQueries anomalies = new AnomalyQueries(analyst, Clock.systemUTC(), true, 1_000);
        StreamQueries streams = new StreamQueries(new EventStoreReader(analyst, new ObjectMapper()));

        assertThat(anomalies.anomalies(new AnomalyQueries.Filter(null, null, null, null, null, null, 10, null)).anomalies()).isEmpty();
        // Read through the event store: a refused SELECT would be a DataAccessException, not this answer.
        assertThatThrownBy(() -> streams.walletStream("w-analyst-role", null, null, 10))
                .isInstanceOf(AnalystProblem.class).hasMessageContaining("has no events");
        assertThat(analyst.jdbc().queryForObject("SELECT current_user", String.class)).isEqualTo("ledger_analyst");
    }

    @Test
    void theRoleCanChangeNothing() throws SQLException {
        assertThatThrownBy(() -> analyst.jdbc().update("DELETE FROM parked_record"))
                .hasRootCauseInstanceOf(SQLException.class)
                .rootCause().satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));

        try (Connection c = DriverManager.getConnection(url, "ledger_analyst", PASSWORD); Statement sql = c.createStatement()) {
            sql.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            for (String change : List.of("DELETE FROM domainevententry", "UPDATE analyst_anomaly SET detail = 'x'",
                    "INSERT INTO parked_record (consumer) VALUES ('x')", "TRUNCATE tokenentry", "DROP TABLE snapshotevententry")) {
                assertThatThrownBy(() -> sql.execute(change)).as(change)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isIn("42501"));
            }
        }
    }
}
