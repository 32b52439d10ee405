package dev.tcpfleet.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The shape of the code, kept by the build: what may depend on what. See CONTRIBUTING.md. */
class ArchitectureTest {
    private static final JavaClasses CONTROL_PLANE = production("dev.tcpfleet.controlplane");
    private static final JavaClasses PURE = production("dev.tcpfleet.domain", "dev.tcpfleet.protocol");

    private static JavaClasses production(String... packages) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    /** A service refuses with a reason (errors.Refused); only the HTTP edge knows statuses and requests. */
    @Test
    void onlyTheHttpEdgeSpeaksHttp() {
        noClasses().that().haveSimpleNameNotEndingWith("Resource").and().haveSimpleNameNotEndingWith("Filter")
                .and().resideOutsideOfPackages("..controlplane.api..", "..controlplane.auth..")
                .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..")
                .check(CONTROL_PLANE);
    }

    /** Each feature package may lean on others, but never in a circle: each can be read from its own imports. */
    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("dev.tcpfleet.controlplane.(**)").should().beFreeOfCycles().check(CONTROL_PLANE);
    }

    /** The pure model and the contract run anywhere: no framework, broker client, database or HTTP. */
    @Test
    void domainAndProtocolStayFreeOfFrameworks() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.smallrye..",
                "org.apache.kafka..", "java.sql..", "javax.sql..", "jakarta..", "org.hibernate..")
                .check(PURE);
    }

    /** The domain is plain Java; only the contract says how its records look as JSON. */
    @Test
    void onlyTheContractKnowsJson() {
        noClasses().that().resideInAPackage("dev.tcpfleet.domain..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml.jackson..")
                .check(PURE);
    }
}
