package dev.custodian.blackbox;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A small HTTP client for the API, as any client app would call it. */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final CustodianServer server;
    private final String token;
    /** The protocol every request asks for; null: the client's default (h2c upgrade, then HTTP/2). */
    private final HttpClient.Version version;

    private Api(CustodianServer server, String token) {
        this(server, token, null);
    }

    private Api(CustodianServer server, String token, HttpClient.Version version) {
        this.server = server;
        this.token = token;
        this.version = version;
    }

    /**
     * The same client over plain HTTP/1.1, as most apps' clients speak. Grizzly's HTTP/2 resets a
     * stream whose headers pass 4 KiB and then answers 431 to every later request of that
     * connection, which would spoil the shared client for the tests that follow.
     */
    public Api overHttp11() {
        return new Api(server, token, HttpClient.Version.HTTP_1_1);
    }

    public static Api asApp() {
        return new Api(CustodianServer.shared(), CustodianServer.APP_TOKEN);
    }

    public static Api asAdmin() {
        return new Api(CustodianServer.shared(), CustodianServer.ADMIN_TOKEN);
    }

    /** An admin of another server than the shared one. */
    public static Api asAdmin(CustodianServer server) {
        return new Api(server, CustodianServer.ADMIN_TOKEN);
    }

    public static Api withToken(String token) {
        return new Api(CustodianServer.shared(), token);
    }

    /** A client of another server than the shared one. */
    public static Api of(CustodianServer server, String token) {
        return new Api(server, token);
    }

    public URI uri(String path) {
        return server.uri(path);
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Reply send(String method, String path, String contentType, byte[] body) {
        var builder = request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder);
    }

    public Reply postMultipart(String path, Multipart form) {
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + form.boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body())));
    }

    /**
     * A GET sent byte for byte as given, for targets {@link URI} refuses to build (a stray
     * {@code %}); HTTP/1.0, so the answer is never chunked.
     */
    public Reply rawGet(String target) {
        URI base = server.uri("/");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            String request = "GET " + target + " HTTP/1.0\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + (token == null ? "" : "\r\nAuthorization: Bearer " + token) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] head = answer.substring(0, end).split("\r\n");
            Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim(), java.util.List.of(head[i].substring(colon + 1).trim()));
            }
            return new Reply(Integer.parseInt(head[0].split(" ")[1]), headers, answer.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        var builder = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(60));
        if (version != null) {
            builder.version(version);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What came back. */
    public record Reply(int status, Map<String, java.util.List<String>> headers, String body) {

        public JsonObject json() {
            try (var reader = Json.createReader(new StringReader(body))) {
                JsonStructure structure = reader.read();
                return structure.asJsonObject();
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A multipart/form-data body: text fields and at most one file part. */
    public static final class Multipart {

        private final String boundary = "----custodian" + UUID.randomUUID();
        private final Map<String, String> fields = new LinkedHashMap<>();
        private String filename;
        private String fileContentType;
        private byte[] file;

        public Multipart field(String name, String value) {
            fields.put(name, value);
            return this;
        }

        public Multipart file(String name, String contentType, byte[] bytes) {
            this.filename = name;
            this.fileContentType = contentType;
            this.file = bytes;
            return this;
        }

        String boundary() {
            return boundary;
        }

        byte[] body() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fields.forEach((name, value) -> write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                    + name + "\"\r\n\r\n" + value + "\r\n"));
            if (file != null) {
                write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + filename + "\"\r\nContent-Type: " + fileContentType + "\r\n\r\n");
                out.writeBytes(file);
                write(out, "\r\n");
            }
            write(out, "--" + boundary + "--\r\n");
            return out.toByteArray();
        }

        private static void write(ByteArrayOutputStream out, String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
