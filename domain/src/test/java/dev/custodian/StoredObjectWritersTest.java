package dev.custodian;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.custodian.ledger.entity.StoredObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who writes {@code stored_object}: the ledger alone (issue 23), one method per event built from
 * {@code ObjectTransition}, in SQL, in three classes by event family. Any other main class that
 * inserts, updates or deletes ledger rows fails the build: it must call one of these events instead.
 *
 * <p>JPA could write rows past that scan, so it may write none at all (the writers don't either):
 * no JPQL or Criteria update or delete of the entity; nothing sets a {@link StoredObject}'s fields
 * once it is made, so no dirty check can write one; and no method that has a StoredObject in hand
 * (a parameter, a call or field that yields one, its class) persists, merges or removes anything.
 * That last rule sees a method, not an argument: a method that holds a record and persists another
 * entity hands the persist to a method of its own, as {@code DeletionRequests} does.
 */
class StoredObjectWritersTest {

    private static final Set<String> WRITERS = Set.of(
            "ledger/control/ObjectLedger.java",
            "ledger/control/DeletionRows.java",
            "ledger/control/DrainRows.java");

    private static final Pattern WRITE = Pattern.compile("(insert\\s+into|update|delete\\s+from)\\s+stored_object\\b",
            Pattern.CASE_INSENSITIVE);

    /**
     * The proof of deleted keys ({@code deleted_object}): moved there by the one statement of
     * {@code DrainRows.moveToProof} (the confirmations, and {@code DeletionRows.forget} through
     * it), and purged there. A writer of {@code stored_object} and nothing else.
     */
    private static final Set<String> PROOF_WRITERS = Set.of("ledger/control/DrainRows.java");

    private static final Pattern PROOF_WRITE = Pattern.compile(
            "(insert\\s+into|update|delete\\s+from)\\s+deleted_object\\b", Pattern.CASE_INSENSITIVE);

    /** A JPQL bulk update or delete of the entity, or a Criteria one. */
    private static final Pattern QUERY_WRITE = Pattern.compile("(?i:update|delete(\\s+from)?)\\s+StoredObject\\b"
            + "|createCriteria(Update|Delete)\\s*\\(\\s*StoredObject\\.class");

    /** The entity managers' and Hibernate sessions' writes of one entity. */
    private static final Set<String> ENTITY_WRITES = Set.of("persist", "merge", "remove", "save", "update",
            "saveOrUpdate", "delete", "insert", "upsert");
    private static final Set<String> SESSIONS = Set.of("jakarta.persistence.EntityManager", "org.hibernate.Session",
            "org.hibernate.StatelessSession", "org.hibernate.SharedSessionContract");

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.custodian");

    @Test
    void onlyTheKnownClassesWriteTheLedgersRows() {
        assertThat(sourcesMatching(WRITE)).as("classes whose SQL writes stored_object").isEqualTo(WRITERS);
    }

    @Test
    void onlyTheLedgersDeletionWritersWriteTheProofOfDeletedKeys() {
        assertThat(sourcesMatching(PROOF_WRITE)).as("classes whose SQL writes deleted_object").isEqualTo(PROOF_WRITERS);
        assertThat(WRITERS).containsAll(PROOF_WRITERS);
    }

    @Test
    void noQueryUpdatesOrDeletesTheEntity() {
        assertThat(sourcesMatching(QUERY_WRITE)).as("classes with a JPQL or Criteria write of StoredObject").isEmpty();
    }

    @Test
    void aStoredObjectIsSetOnlyWhereItIsMade() {
        classes().that().belongToAnyOf(StoredObject.class)
                .should(new ArchCondition<>("have its fields set only by its constructors and static factories") {
                    @Override
                    public void check(JavaClass entity, ConditionEvents events) {
                        for (JavaFieldAccess access : entity.getFieldAccessesToSelf()) {
                            JavaCodeUnit origin = access.getOrigin();
                            boolean making = origin.getOwner().equals(entity)
                                    && (origin.isConstructor() || origin.getModifiers().contains(JavaModifier.STATIC));
                            if (access.getAccessType() == JavaFieldAccess.AccessType.SET && !making) {
                                events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                            }
                        }
                    }
                }).check(MAIN);
    }

    @Test
    void noClassWritesAStoredObjectThroughJpa() {
        noClasses().should(new ArchCondition<>("persist, merge or remove a StoredObject, or build a Criteria write") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaCodeUnit unit : type.getCodeUnits()) {
                    if (touchesStoredObject(unit)) {
                        unit.getAccessesFromSelf().stream().filter(access -> isJpaWrite(access.getTarget()))
                                .forEach(access -> events.add(SimpleConditionEvent.satisfied(access,
                                        access.getDescription() + ", where " + unit.getFullName()
                                                + " has a StoredObject")));
                    }
                }
            }
        }).check(MAIN);
    }

    /**
     * Whether the code unit can hold a StoredObject: takes or returns one, calls or reads anything
     * that does (an {@code Optional<StoredObject>} too), or names its class. Lambdas count as the
     * method they are written in.
     */
    private static boolean touchesStoredObject(JavaCodeUnit unit) {
        return unit.getAllInvolvedRawTypes().stream().anyMatch(StoredObjectWritersTest::isStoredObject)
                || unit.getReferencedClassObjects().stream().anyMatch(c -> isStoredObject(c.getValue()))
                || unit.getAccessesFromSelf().stream().map(JavaAccess::getTarget)
                        .anyMatch(StoredObjectWritersTest::involvesStoredObject);
    }

    private static boolean involvesStoredObject(AccessTarget target) {
        if (isStoredObject(target.getOwner())) {
            return true;
        }
        if (target instanceof AccessTarget.FieldAccessTarget field) {
            return field.getType().getAllInvolvedRawTypes().stream().anyMatch(StoredObjectWritersTest::isStoredObject);
        }
        // a call's own return type is erased; the method's declaration has Optional<StoredObject>
        return target instanceof AccessTarget.CodeUnitAccessTarget code && code.resolveMember()
                .map(member -> member.getReturnType().getAllInvolvedRawTypes()).orElse(Set.of(code.getRawReturnType()))
                .stream().anyMatch(StoredObjectWritersTest::isStoredObject);
    }

    private static boolean isJpaWrite(AccessTarget target) {
        boolean entityWrite = ENTITY_WRITES.contains(target.getName())
                && SESSIONS.stream().anyMatch(target.getOwner()::isAssignableTo);
        boolean criteriaWrite = target.getName().matches("createCriteria(Update|Delete)");
        return target instanceof AccessTarget.CodeUnitAccessTarget && (entityWrite || criteriaWrite);
    }

    private static boolean isStoredObject(JavaClass type) {
        return type.isEquivalentTo(StoredObject.class);
    }

    private static Set<String> sourcesMatching(Pattern pattern) {
        Path sources = Path.of("src/main/java/dev/custodian");
        Set<String> matching = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                if (pattern.matcher(read(file)).find()) {
                    matching.add(sources.relativize(file).toString().replace('\\', '/'));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return matching;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
