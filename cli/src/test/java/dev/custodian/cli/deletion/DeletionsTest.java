package dev.custodian.cli.deletion;

import dev.custodian.cli.Exit;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

class DeletionsTest {

    private static JsonObject deletion(String state, String verification) {
        return Json.createReader(new StringReader("{\"id\":\"d1\",\"state\":\"" + state + "\",\"verification\":"
                + verification + "}")).readObject();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "completed            | {\"is_clean\":true}  | DONE",
            "completed            | null                 | DONE",
            "completed            | {\"is_clean\":false} | FINDINGS",
            "completed_with_holds | {\"is_clean\":false} | FINDINGS",
            "completed_with_errors| {\"is_clean\":false} | ERROR",
            "failed               | null                 | ERROR"})
    void theEndOfADeletionIsItsExit(String state, String verification, Exit exit) {
        assertThat(Deletions.outcome(deletion(state, verification))).isEqualTo(exit);
    }
}
