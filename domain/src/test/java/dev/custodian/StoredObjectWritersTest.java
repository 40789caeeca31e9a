package dev.custodian;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who writes {@code stored_object} in SQL: the ledger alone (issue 23), one method per event built
 * from {@code ObjectTransition}, in three classes by event family. Any other main class that
 * inserts, updates or deletes ledger rows fails the build: it must call one of these events instead.
 * (Entity writes through {@code StoredObject} itself, the uploads' checked path, are not SQL: no scan sees them.)
 */
class StoredObjectWritersTest {

    private static final Set<String> WRITERS = Set.of(
            "ledger/control/ObjectLedger.java",
            "ledger/control/DeletionRows.java",
            "ledger/control/DrainRows.java");

    private static final Pattern WRITE = Pattern.compile("(insert\\s+into|update|delete\\s+from)\\s+stored_object\\b",
            Pattern.CASE_INSENSITIVE);

    @Test
    void onlyTheKnownClassesWriteTheLedgersRows() throws IOException {
        Path sources = Path.of("src/main/java/dev/custodian");
        Set<String> writers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                if (WRITE.matcher(read(file)).find()) {
                    writers.add(sources.relativize(file).toString().replace('\\', '/'));
                }
            });
        }
        assertThat(writers).as("classes whose SQL writes stored_object").isEqualTo(WRITERS);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
