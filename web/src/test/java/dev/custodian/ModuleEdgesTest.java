package dev.custodian;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.custodian.api.ProblemMappers;
import dev.custodian.ledger.entity.StoredObject;
import dev.custodian.objectstore.s3.S3ObjectStore;
import dev.custodian.scheduling.ScheduledTasks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The design card's module edges: web → cleanup → domain ← storage, and web → storage. The modules
 * share package names (deletion.boundary is in cleanup and in web), so a class's module is the jar
 * or classes folder it was loaded from; web's tests are the only ones whose classpath holds all four.
 */
class ModuleEdgesTest {

    private static final ClassFileImporter IMPORTER = new ClassFileImporter();

    @Test
    void dependenciesPointOneWay() {
        Location web = moduleOf(ProblemMappers.class);
        Location cleanup = moduleOf(ScheduledTasks.class);
        Location storage = moduleOf(S3ObjectStore.class);
        Location domain = moduleOf(StoredObject.class);
        JavaClasses all = IMPORTER.importLocations(List.of(web, cleanup, storage, domain));

        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("web").definedBy(classesIn(web))
                .layer("cleanup").definedBy(classesIn(cleanup))
                .layer("storage").definedBy(classesIn(storage))
                .layer("domain").definedBy(classesIn(domain))
                .whereLayer("web").mayNotBeAccessedByAnyLayer()
                .whereLayer("cleanup").mayOnlyBeAccessedByLayers("web")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("web")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("web", "cleanup", "storage")
                .check(all);
    }

    /** The jar or classes folder that holds {@code anchor}: in the reactor a folder, else the installed jar. */
    private static Location moduleOf(Class<?> anchor) {
        return Location.of(anchor.getProtectionDomain().getCodeSource().getLocation());
    }

    private static DescribedPredicate<JavaClass> classesIn(Location module) {
        JavaClasses classes = IMPORTER.importLocations(List.of(module));
        return DescribedPredicate.describe("loaded from " + module, type -> classes.contain(type.getName()));
    }
}
