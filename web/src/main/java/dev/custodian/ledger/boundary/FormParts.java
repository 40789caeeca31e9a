package dev.custodian.ledger.boundary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of a multipart/form-data body (RFC 7578), one after the other, each one's content
 * read straight off the request: nothing is buffered beyond a 64 KiB window. The delimiter is
 * found with Boyer-Moore-Horspool, which skips about a boundary's length of bytes per comparison.
 * Measured on 1 MiB uploads: Jersey's reader (MIMEPull) spooled every part over 4 KiB to a file
 * of its own before the resource ran, and its search took 18 % of the service's sampled CPU;
 * Commons FileUpload 2's streaming parser, which looks at every byte, 32 %.
 */
final class FormParts {

    /** A part's headers: its field name, the filename it declares, its media type (each null when absent). */
    record Part(String name, String filename, String contentType, InputStream content) {
    }

    /** The body is not multipart/form-data as its Content-Type announced it. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final InputStream in;
    /** CRLF "--" boundary: what ends a part's content (the body's start counts as a CRLF). */
    private final byte[] delimiter;
    private final int[] skip = new int[256];
    private final byte[] buffer;
    private int head;
    private int tail;
    private boolean inputEnded;
    private PartContent current;
    private boolean finished;

    FormParts(InputStream in, String boundary) {
        this(in, boundary, 64 * 1024);
    }

    FormParts(InputStream in, String boundary, int bufferBytes) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[Math.max(bufferBytes, delimiter.length + MAX_HEADER_BYTES)];
        int last = delimiter.length - 1;
        Arrays.fill(skip, delimiter.length);
        for (int i = 0; i < last; i++) {
            skip[delimiter[i] & 0xff] = last - i;
        }
        // the first delimiter has no CRLF before it: read the body as if it had
        buffer[0] = '\r';
        buffer[1] = '\n';
        tail = 2;
    }

    /** The next part, after skipping what was left unread of the one before; empty after the last. */
    Optional<Part> next() throws IOException {
        if (current != null) {
            current.skipRest();
        } else if (!finished && !skipTo(delimiter)) {
            throw new MalformedException("no part starts with the boundary the Content-Type names");
        }
        current = null;
        if (finished) {
            return Optional.empty();
        }
        require(2);
        if (buffer[head] == '-' && buffer[head + 1] == '-') {
            finished = true;
            return Optional.empty();
        }
        // transport padding may follow the boundary before its line ends
        if (!skipTo(CRLF)) {
            throw new MalformedException("the body ended inside a boundary line");
        }
        return Optional.of(readHeaders());
    }

    private Part readHeaders() throws IOException {
        String name = null;
        String filename = null;
        String contentType = null;
        int read = 0;
        while (true) {
            int end = indexOf(CRLF, head, tail);
            while (end < 0) {
                if (tail - head >= MAX_HEADER_BYTES || !fill()) {
                    throw new MalformedException("a part's headers are longer than " + MAX_HEADER_BYTES
                            + " bytes or never end");
                }
                end = indexOf(CRLF, head, tail);
            }
            String line = new String(buffer, head, end - head, StandardCharsets.UTF_8);
            read += end + 2 - head;
            head = end + 2;
            if (read > MAX_HEADER_BYTES) {
                throw new MalformedException("a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new MalformedException("a part header is not 'name: value': "
                        + (line.length() > 80 ? line.substring(0, 80) + "..." : line));
            }
            String header = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (header.equals("content-disposition")) {
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        current = new PartContent();
        return new Part(name, filename, contentType, current);
    }

    /**
     * A parameter of a Content-Disposition value ({@code form-data; name="a"; filename="b.mp3"}),
     * quoted or not; a backslash in a quoted value escapes the next character.
     */
    static String parameter(String disposition, String wanted) {
        int i = disposition.indexOf(';');
        while (i >= 0 && i < disposition.length()) {
            i++;
            while (i < disposition.length() && Character.isWhitespace(disposition.charAt(i))) {
                i++;
            }
            int equals = disposition.indexOf('=', i);
            if (equals < 0) {
                return null;
            }
            String key = disposition.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            i = equals + 1;
            if (i < disposition.length() && disposition.charAt(i) == '"') {
                for (i++; i < disposition.length() && disposition.charAt(i) != '"'; i++) {
                    char c = disposition.charAt(i);
                    if (c == '\\' && i + 1 < disposition.length()) {
                        c = disposition.charAt(++i);
                    }
                    value.append(c);
                }
                i = disposition.indexOf(';', i);
            } else {
                int end = disposition.indexOf(';', i);
                value.append(disposition, i, end < 0 ? disposition.length() : end);
                i = end;
            }
            if (key.equalsIgnoreCase(wanted)) {
                return value.toString().strip();
            }
        }
        return null;
    }

    /** Discards bytes up to and including the pattern; false if the input ends first. */
    private boolean skipTo(byte[] pattern) throws IOException {
        while (true) {
            int at = indexOf(pattern, head, tail);
            if (at >= 0) {
                head = at + pattern.length;
                return true;
            }
            head = Math.max(head, tail - pattern.length + 1);
            if (!fill()) {
                return false;
            }
        }
    }

    /** Makes at least {@code bytes} bytes available from {@code head}, or fails: the body ended early. */
    private void require(int bytes) throws IOException {
        while (tail - head < bytes) {
            if (!fill()) {
                throw new MalformedException("the body ended before its closing boundary");
            }
        }
    }

    /** Moves what is unread to the buffer's start and reads more; false when the input has ended. */
    private boolean fill() throws IOException {
        if (inputEnded) {
            return false;
        }
        if (head > 0) {
            System.arraycopy(buffer, head, buffer, 0, tail - head);
            tail -= head;
            head = 0;
        }
        int read = in.read(buffer, tail, buffer.length - tail);
        if (read < 0) {
            inputEnded = true;
            return false;
        }
        tail += read;
        return true;
    }

    /** Where the delimiter starts in {@code buffer[from, to)} (Horspool), else -1. */
    private int indexOfDelimiter(int from, int to) {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        int i = from;
        while (i + last < to) {
            byte b = buffer[i + last];
            if (b == lastByte && matchesAt(delimiter, i)) {
                return i;
            }
            i += skip[b & 0xff];
        }
        return -1;
    }

    private int indexOf(byte[] pattern, int from, int to) {
        if (pattern == delimiter) {
            return indexOfDelimiter(from, to);
        }
        for (int i = from; i + pattern.length <= to; i++) {
            if (matchesAt(pattern, i)) {
                return i;
            }
        }
        return -1;
    }

    private boolean matchesAt(byte[] pattern, int at) {
        for (int j = 0; j < pattern.length; j++) {
            if (buffer[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    /** One part's content: ends where the next delimiter starts, which it then consumes. */
    private final class PartContent extends InputStream {

        private boolean ended;

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            while (true) {
                int at = indexOfDelimiter(head, tail);
                int available = at >= 0 ? at - head : tail - head - delimiter.length + 1;
                if (at == head) {
                    head += delimiter.length;
                    ended = true;
                    return -1;
                }
                if (available > 0) {
                    int n = Math.min(available, length);
                    System.arraycopy(buffer, head, into, offset, n);
                    head += n;
                    return n;
                }
                if (!fill()) {
                    throw new MalformedException("the body ended inside a part, before its closing boundary");
                }
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        void skipRest() throws IOException {
            byte[] scratch = new byte[8192];
            while (read(scratch, 0, scratch.length) >= 0) {
                // discarded: the caller did not want the rest of this part
            }
        }
    }
}
