package io.cardledger.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure the build guards: which module may use which. It lives here because this module's
 * test classpath holds every service's main classes (webhook-ingest, ledger-service,
 * projection-service, and through them common-events and service-support); tests are left out.
 */
class ArchitectureTest {
    static final String INGEST = "io.cardledger.ingest..";
    static final String LEDGER = "io.cardledger.ledger..";
    static final String PROJECTION = "io.cardledger.projection..";
    static final String EVENTS = "io.cardledger.events..";

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.cardledger");
    }

    /** A rule over classes that were never imported passes vacuously: make sure every module is there. */
    @Test
    void everyGuardedModuleIsImported() {
        for (String pkg : new String[]{"io.cardledger.ingest", "io.cardledger.ledger.card", "io.cardledger.ledger.wallet",
                "io.cardledger.projection.consume", "io.cardledger.projection.read.balance", "io.cardledger.events"}) {
            assertThat(classes.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)))
                    .as("classes of %s on the classpath", pkg).isTrue();
        }
    }

    @Test
    void webhookIngestUsesNoOtherService() {
        noServiceDependency(INGEST, LEDGER, PROJECTION).check(classes);
    }

    @Test
    void ledgerServiceUsesNoOtherService() {
        noServiceDependency(LEDGER, INGEST, PROJECTION).check(classes);
    }

    @Test
    void projectionServiceUsesNoOtherService() {
        noServiceDependency(PROJECTION, INGEST, LEDGER).check(classes);
    }

    @Test
    void commonEventsDependsOnNoService() {
        noClasses().that().resideInAPackage(EVENTS)
                .should().dependOnClassesThat().resideInAnyPackage(INGEST, LEDGER, PROJECTION, "io.cardledger.support..")
                .because("the event contract is shared by every service and must not know any of them")
                .check(classes);
    }

    /** Axon's aggregate annotations are allowed: the aggregates are Axon's; transport and storage are not. */
    @Test
    void domainPackagesUseNoWebKafkaOrJdbc() {
        noClasses().that().resideInAnyPackage("io.cardledger.ledger.card..", "io.cardledger.ledger.wallet..",
                        "io.cardledger.ledger.katfacil..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
                        "org.springframework.kafka..", "org.apache.kafka..",
                        "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.postgresql..")
                .because("the card, wallet and KatFacil rules are pure domain code, testable without a transport or a database")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.cardledger.(**)").should().beFreeOfCycles().check(classes);
    }

    private static ArchRule noServiceDependency(String service, String... others) {
        return noClasses().that().resideInAPackage(service)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("services talk through Kafka topics and HTTP, never through each other's classes");
    }
}
