package dev.custodian.ledger.boundary;

import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The form's limits hold whatever the body: parts, unknown names, field bytes, and checks before the file. */
class UploadFormTest {

    private static final String BOUNDARY = "b0undary";
        private static final UploadForm.FieldsCheck NO_CHECK = (fields, name, type) -> { };

    private static byte[] field(String name, String value) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fileHeader() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] end() {
        return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static FormParts parts(InputStream body) {
        return new FormParts(body, BOUNDARY);
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    @Test
    void aBodyOfThousandsOfPartsIsRefusedAtThePartPastTheLimit() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            body.writeBytes(field("x".repeat(2048) + i, "v"));
        }
        body.writeBytes(end());
        Violations violations = new Violations();

        assertThatThrownBy(() -> UploadForm.read(parts(new ByteArrayInputStream(body.toByteArray())), 1 << 20,
                violations, NO_CHECK)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("more than " + UploadForm.MAX_PARTS + " parts");
        assertThat(violations.list()).as("a handful of unknown names, each shortened").hasSize(UploadForm.UNKNOWN_NAMED)
                .allSatisfy(v -> assertThat(v.field().length()).isLessThanOrEqualTo(41));
    }

    @Test
    void unknownPartsBeyondAHandfulAreCountedNotListed() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 12; i++) {
            body.writeBytes(field("unknown" + i, "v"));
        }
        body.writeBytes(end());
        Violations violations = new Violations();

        UploadForm.read(parts(new ByteArrayInputStream(body.toByteArray())), 1 << 20, violations, NO_CHECK).close();

        assertThat(violations.list()).hasSize(UploadForm.UNKNOWN_NAMED + 1);
        assertThat(violations.list().get(UploadForm.UNKNOWN_NAMED).message()).contains("7 more parts");
    }

    @Test
    void textFieldsTogetherHaveACeiling() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String name : UploadFields.NAMES) {
            body.writeBytes(field(name, "x".repeat(60_000)));
        }
        body.writeBytes(end());

        assertThatThrownBy(() -> UploadForm.read(parts(new ByteArrayInputStream(body.toByteArray())), 1 << 20,
                new Violations(), NO_CHECK)).isInstanceOf(ValidationException.class)
                .hasMessageContaining(UploadForm.MAX_FIELDS_BYTES + " bytes");
    }

    @Test
    void fieldsSentFirstAreCheckedBeforeAnyOfTheFileIsRead() {
        byte[] head = concat(field("user_id", "bad id!"), field("file_type", "audio"), fileHeader());
        // the file's bytes: reading any of them fails the test
        InputStream file = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the file was read before the fields were checked");
            }
        };
        UploadForm.FieldsCheck refuse = (fields, name, type) -> {
            assertThat(fields).containsEntry("user_id", "bad id!");
            assertThat(name).isEqualTo("a.mp3");
            assertThat(type).isEqualTo("audio/mpeg");
            throw new ValidationException("user_id", "is not an id");
        };

        assertThatThrownBy(() -> UploadForm.read(parts(new SequenceInputStream(new ByteArrayInputStream(head), file)),
                1 << 20, new Violations(), refuse)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("user_id");
    }
}
