package dev.custodian.ledger.boundary;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The multipart reader gives back exactly what a form held, whatever the content and however it arrives. */
class FormPartsPropertyTest {

    private static final String BOUNDARY = "----b0undaryX7";

    private record Part(String name, byte[] content) {
    }

    /** Content made of noise and every near-miss of the delimiter, so that a wrong cut shows. */
    @Provide
    Arbitrary<byte[]> contents() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> traps = Arbitraries.of("\r\n--" + BOUNDARY.substring(0, 5), "\r\n-", "--" + BOUNDARY,
                "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1), "\r\r\n\n--", "\r\n")
                .map(t -> t.getBytes(StandardCharsets.ISO_8859_1));
        return Arbitraries.oneOf(noise, traps).list().ofMaxSize(12).map(pieces -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pieces.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /** A part's content may hold anything but the delimiter itself (RFC 2046 asks the sender to choose a boundary so). */
    @Provide
    Arbitrary<Part> parts() {
        byte[] delimiter = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.ISO_8859_1);
        return Combinators.combine(Arbitraries.strings().withChars("abz_0").ofMinLength(1).ofMaxLength(10),
                contents().filter(content -> indexOf(content, delimiter) < 0)).as(Part::new);
    }

    private static int indexOf(byte[] content, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= content.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (content[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Property(tries = 400)
    void everyPartIsReadBackByteForByte(@ForAll @Size(max = 6) List<@net.jqwik.api.From("parts") Part> form,
                                         @ForAll @IntRange(min = 1, max = 64) int readSize) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : form) {
            body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + part.name()
                    + "\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));

        FormParts reader = new FormParts(inPiecesOf(body.toByteArray(), readSize), BOUNDARY);
        List<Part> read = new ArrayList<>();
        for (var next = reader.next(); next.isPresent(); next = reader.next()) {
            read.add(new Part(next.get().name(), next.get().content().readAllBytes()));
        }

        assertThat(read).hasSameSizeAs(form);
        for (int i = 0; i < form.size(); i++) {
            assertThat(read.get(i).name()).isEqualTo(form.get(i).name());
            assertThat(read.get(i).content()).isEqualTo(form.get(i).content());
        }
    }

    @Property(tries = 400)
    void anyBodyIsReadOrRefusedAsMalformedNothingElse(@ForAll("contents") byte[] body) {
        try {
            FormParts reader = new FormParts(new ByteArrayInputStream(body), BOUNDARY);
            for (var next = reader.next(); next.isPresent(); next = reader.next()) {
                next.get().content().readAllBytes();
            }
        } catch (FormParts.MalformedException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } catch (IOException e) {
            throw new AssertionError("only a malformed body may be refused", e);
        }
    }

    private static InputStream inPiecesOf(byte[] body, int size) {
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, size));
            }
        };
    }
}
