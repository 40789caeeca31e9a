package dev.custodian.api;

import dev.custodian.validation.ValidationException;
import dev.custodian.validation.Violations;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Refuses input no endpoint can use before any resource, parser or database sees it: a NUL in a
 * query value (PostgreSQL refuses NUL in text, so it would fail deep down as a 500), and a JSON
 * body that is larger than {@link #MAX_JSON_BYTES} or nests deeper than {@link JsonDepth#MAX}
 * (a parser recurses per level). Each is a 400 (413 for size) naming the field or the body.
 * The body is checked as the parser reads it, so nothing is buffered and no read goes past its end.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 100)
public class RequestLimits implements ContainerRequestFilter, ReaderInterceptor {

    /** Far above any request this API takes as JSON (policies, runs, webhooks, upload intents). */
    static final int MAX_JSON_BYTES = 256 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        Violations violations = new Violations();
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getValue().stream().anyMatch(value -> value.indexOf('\0') >= 0)) {
                violations.add(Violations.printable(parameter.getKey()), "must not contain a NUL character");
            }
        }
        violations.throwIfAny();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            context.setInputStream(new JsonGuard(context.getInputStream(), declaredLength(context)));
        }
        return context.proceed();
    }

    /** The body's Content-Length, or -1 when it has none (chunked). */
    private static long declaredLength(ReaderInterceptorContext context) {
        try {
            String length = context.getHeaders().getFirst("Content-Length");
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Counts bytes and nesting as they pass; the JSON structure characters are ASCII, never inside
     * a UTF-8 sequence. It ends the body at its Content-Length: a parser reads ahead past a short
     * body, and on a request that asked to upgrade to h2c (as Java's HttpClient does) Grizzly then
     * waits for bytes that never come, for the whole read timeout.
     */
    private static final class JsonGuard extends FilterInputStream {

        private final long declared;
        private long read;
        private int depth;
        private boolean inString;
        private boolean escaped;

        JsonGuard(InputStream body, long declared) {
            super(body);
            this.declared = declared;
        }

        @Override
        public int read() throws IOException {
            if (declared >= 0 && read >= declared) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                see((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (declared >= 0 && read >= declared) {
                return -1;
            }
            int n = super.read(buffer, offset, declared < 0 ? length : (int) Math.min(length, declared - read));
            for (int i = 0; i < n; i++) {
                see(buffer[offset + i]);
            }
            return n;
        }

        private void see(byte b) {
            if (++read > MAX_JSON_BYTES) {
                throw new WebApplicationException(ProblemMappers.clientError(413, "body-too-large", "Body too large",
                        "a JSON body may hold at most " + MAX_JSON_BYTES + " bytes", null));
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > JsonDepth.MAX) {
                    // thrown from inside the JSON parser: only a WebApplicationException with its
                    // response passes through the entity provider unchanged
                    throw new WebApplicationException(new ProblemMappers.Validation().toResponse(
                            new ValidationException("body", "nests deeper than " + JsonDepth.MAX + " levels")));
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
    }
}
