package dev.custodian.ledger.boundary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FormPartsTest {

    private static final String BOUNDARY = "----formboundary7MA4YWxkTrZu0gW";

    /** A stream that hands out at most a few bytes per read, so every delimiter straddles reads. */
    private static InputStream trickle(byte[] body, int seed) {
        Random random = new Random(seed);
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[]... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] piece : pieces) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    private record Read(String name, String filename, String contentType, byte[] content) {
    }

    private static List<Read> readAll(InputStream body) throws IOException {
        FormParts parts = new FormParts(body, BOUNDARY);
        List<Read> read = new ArrayList<>();
        for (var next = parts.next(); next.isPresent(); next = parts.next()) {
            FormParts.Part part = next.get();
            read.add(new Read(part.name(), part.filename(), part.contentType(), part.content().readAllBytes()));
        }
        return read;
    }

    /** Content full of near-misses of the delimiter: its prefixes, the boundary without its dashes. */
    private static byte[] nearMisses(int size, int seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> traps = List.of(bytes("\r\n--" + BOUNDARY.substring(0, 10)), bytes("\r\n-"),
                bytes("--" + BOUNDARY), bytes("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "x"),
                bytes("\r\r\n\n--"));
        while (out.size() < size) {
            if (random.nextInt(4) == 0) {
                out.writeBytes(traps.get(random.nextInt(traps.size())));
            } else {
                byte[] noise = new byte[random.nextInt(300)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void readsEveryPartByteForByteWhateverTheReadSizes(int seed) throws IOException {
        byte[] file = nearMisses(200_000 + seed, seed);
        byte[] body = concat(
                bytes("preamble to ignore\r\n--" + BOUNDARY + "\r\n"
                        + "Content-Disposition: form-data; name=\"user_id\"\r\n\r\nu-1\r\n--" + BOUNDARY + "  \t\r\n"
                        + "content-disposition: form-data; filename=\"clip \\\"one\\\".mp4\"; name=file\r\n"
                        + "Content-Type: video/mp4\r\n\r\n"),
                file,
                bytes("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n--"
                        + BOUNDARY + "--\r\nepilogue to ignore"));

        for (InputStream in : List.of(new ByteArrayInputStream(body), trickle(body, seed))) {
            List<Read> parts = readAll(in);

            assertThat(parts).hasSize(3);
            assertThat(parts.get(0).name()).isEqualTo("user_id");
            assertThat(parts.get(0).filename()).isNull();
            assertThat(new String(parts.get(0).content(), StandardCharsets.UTF_8)).isEqualTo("u-1");
            assertThat(parts.get(1).name()).isEqualTo("file");
            assertThat(parts.get(1).filename()).isEqualTo("clip \"one\".mp4");
            assertThat(parts.get(1).contentType()).isEqualTo("video/mp4");
            assertThat(parts.get(1).content()).isEqualTo(file);
            assertThat(parts.get(2).name()).isEqualTo("empty");
            assertThat(parts.get(2).content()).isEmpty();
        }
    }

    @Test
    void aPartLeftUnreadIsSkipped() throws IOException {
        byte[] body = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "x".repeat(100_000) + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n"
                + "second\r\n--" + BOUNDARY + "--\r\n");
        FormParts parts = new FormParts(trickle(body, 9), BOUNDARY);

        assertThat(parts.next().orElseThrow().name()).isEqualTo("a");
        FormParts.Part second = parts.next().orElseThrow();
        assertThat(second.name()).isEqualTo("b");
        assertThat(new String(second.content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(parts.next()).isEmpty();
        assertThat(parts.next()).isEmpty();
    }

    @Test
    void aBodyThatIsNotTheAnnouncedFormIsMalformed() {
        String part = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue";
        List<String> bodies = List.of(
                "",
                "no boundary anywhere",
                part,                                                // ends inside the part
                part + "\r\n--" + BOUNDARY,                          // ends inside a boundary line
                "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"a\"",  // headers never end
                "--" + BOUNDARY + "\r\nno colon here\r\n\r\nvalue\r\n--" + BOUNDARY + "--",
                "--" + BOUNDARY + "\r\nX-Long: " + "h".repeat(20_000) + "\r\n\r\nv\r\n--" + BOUNDARY + "--");
        for (String body : bodies) {
            assertThatThrownBy(() -> readAll(new ByteArrayInputStream(bytes(body))))
                    .as(body.length() > 80 ? body.substring(0, 80) : body)
                    .isInstanceOf(FormParts.MalformedException.class);
        }
    }

    /**
     * Whatever a client sends, the reader either reads parts or says the body is malformed: cut
     * short anywhere, bytes overwritten with the characters that matter here, never another error
     * (an exception of any other kind would be a 500).
     */
    @Test
    void anyMangledBodyIsReadOrMalformedNeverAnotherError() throws IOException {
        byte[] valid = concat(bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"user_id\"\r\n\r\nu-1\r\n--"
                + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n"), nearMisses(3000, 11), bytes("\r\n--" + BOUNDARY + "--\r\n"));
        byte[] alphabet = bytes("\r\n-\";=: a" + BOUNDARY.charAt(7));
        Random random = new Random(42);
        int read = 0;
        int malformed = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] body = Arrays.copyOf(valid, random.nextBoolean() ? valid.length : random.nextInt(valid.length + 1));
            for (int flips = random.nextInt(6); flips > 0 && body.length > 0; flips--) {
                body[random.nextInt(body.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            try {
                readAll(trickle(body, i));
                read++;
            } catch (FormParts.MalformedException expected) {
                malformed++; // the 400 the client gets
            }
        }
        assertThat(read).as("bodies read").isGreaterThan(500);
        assertThat(malformed).as("bodies refused").isGreaterThan(500);
    }

    @Test
    void readsDispositionParametersQuotedOrNot() {
        String disposition = "form-data; name=\"file\"; filename=\"a; b=\\\"c\\\".mp3\"";
        assertThat(FormParts.parameter(disposition, "name")).isEqualTo("file");
        assertThat(FormParts.parameter(disposition, "filename")).isEqualTo("a; b=\"c\".mp3");
        assertThat(FormParts.parameter("form-data; NAME=user_id", "name")).isEqualTo("user_id");
        assertThat(FormParts.parameter("form-data; filename*=UTF-8''x.mp3", "filename")).isNull();
        assertThat(FormParts.parameter("form-data", "name")).isNull();
    }
}
