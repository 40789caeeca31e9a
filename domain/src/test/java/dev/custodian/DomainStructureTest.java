package dev.custodian;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The design card's rules for the domain module, checked on its compiled classes. */
@AnalyzeClasses(packages = "dev.custodian", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainStructureTest {

    /** The store's SDK belongs to storage; HTTP to web; batch jobs and EJB timers to cleanup. */
    @ArchTest
    static final ArchRule importsNoAdapterApi = noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "software.amazon..", "jakarta.ws.rs..", "jakarta.batch..", "jakarta.ejb..");

    /**
     * A feature is the package segment after dev.custodian; helpers every feature needs live in a
     * package of their own (persistence, validation, configuration), never under one feature.
     */
    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = slices().matching("dev.custodian.(*)..").should().beFreeOfCycles();
}
