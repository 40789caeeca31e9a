package dev.custodian.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP proxy in front of an S3 server that lets a test answer some requests itself (as
 * a store would that S3Mock or S3Proxy cannot imitate) and forwards every other one unchanged. Only
 * for a server that checks no signature (S3Mock): the Host a request was signed for changes here.
 */
public final class StoreHttpProxy implements AutoCloseable {

    /** A request the proxy received, its body read. */
    public record Request(HttpExchange exchange, byte[] body) {

        public String method() {
            return exchange.getRequestMethod();
        }

        /** The raw query, or "" when there is none. */
        public String query() {
            String query = exchange.getRequestURI().getRawQuery();
            return query == null ? "" : query;
        }
    }

    /** What the test answers in the store's place. */
    public record Reply(int status, String contentType, byte[] body) {

        public static Reply xml(int status, String xml) {
            return new Reply(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The test's answer to a request, or empty to let the server answer it. */
    @FunctionalInterface
    public interface Answer {
        Optional<Reply> to(Request request);
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "http2-settings");

    private final String target;
    private final Answer answer;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** @param target the server's base URL, as {@link S3MockServer#endpoint()} gives it */
    public StoreHttpProxy(String target, Answer answer) {
        this.target = target;
        this.answer = answer;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange, exchange.getRequestBody().readAllBytes());
            Optional<Reply> own = answer.to(request);
            if (own.isPresent()) {
                reply(exchange, own.get());
            } else {
                forward(request);
            }
        } catch (RuntimeException e) {
            reply(exchange, new Reply(500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void forward(Request received) throws IOException {
        HttpExchange exchange = received.exchange();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(received.body()));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answered = response.body();
        // a HEAD's length is the object's, not of the (empty) body: S3 clients read it
        if (exchange.getRequestMethod().equals("HEAD")) {
            response.headers().firstValue("content-length")
                    .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
        }
        exchange.sendResponseHeaders(response.statusCode(), answered.length == 0 ? -1 : answered.length);
        if (answered.length > 0) {
            exchange.getResponseBody().write(answered);
        }
    }

    private static void reply(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        if (reply.body().length > 0) {
            exchange.getResponseBody().write(reply.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
