package dev.custodian.cli;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * The service's HTTP API as the command line calls it. Every answer that is not 2xx becomes a
 * {@link Failure} showing the problem's title, detail and field errors ({@link Problems}).
 */
public final class Api {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    // HTTP/1.1: without it the JDK tries an h2c upgrade first, which Grizzly answers badly for large headers
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;

    /**
     * @param base  the service's root, e.g. {@code http://127.0.0.1:8080}
     * @param token sent as a bearer token, never printed
     */
    public Api(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public JsonObject get(String path) {
        return json(send(request(path).GET(), path));
    }

    /** A body that is not JSON (a text report, a JWS), asked for as {@code accept}. */
    public String text(String path, String accept) {
        return send(request(path).header("Accept", accept).GET(), path);
    }

    public JsonObject post(String path, JsonObject body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), path));
    }

    public JsonObject delete(String path) {
        return json(send(request(path).DELETE(), path));
    }

    /** {@code path?name=value&…} from name, value pairs, URL-encoded, leaving out the names whose value is null. */
    public static String query(String path, Object... namesAndValues) {
        StringJoiner query = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                query.add(namesAndValues[i] + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    /** A path segment (an id the operator typed), encoded so it cannot leave its segment. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private String send(HttpRequest.Builder request, String path) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new Failure("cannot reach the service at " + base + " (connection refused): check --url or"
                    + " CUSTODIAN_URL", e);
        } catch (HttpTimeoutException e) {
            throw new Failure("the service at " + base + " did not answer " + path + " within " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (IOException e) {
            throw new Failure("cannot reach the service at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new Failure(Problems.describe(response.statusCode(), path, response.body(),
                    response.headers().firstValue("Retry-After").orElse(null)));
        }
        return response.body();
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Failure("the service answered something that is not a JSON object: "
                    + Problems.abbreviate(text), e);
        }
    }
}
