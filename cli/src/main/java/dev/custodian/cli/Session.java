package dev.custodian.cli;

import jakarta.json.JsonValue;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The options every command takes (which service, as whom, text or JSON) and the terminal it runs
 * on: one run of the command line. A picocli mixin, made by {@link Custodian}'s factory.
 */
public final class Session {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CUSTODIAN_URL:-http://127.0.0.1:8080}",
            description = "the service's root URL (default: CUSTODIAN_URL, else ${DEFAULT-VALUE})")
    String url;

    // no ${DEFAULT-VALUE} in the description: help must never show the token
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CUSTODIAN_TOKEN}",
            description = "bearer token (default: CUSTODIAN_TOKEN; prefer the variable, a flag shows in ps)")
    String token;

    @Option(names = "--json", description = "print the API's JSON (one document on stdout) instead of text")
    boolean json;

    private final Terminal terminal;

    Session(Terminal terminal) {
        this.terminal = terminal;
    }

    public Terminal terminal() {
        return terminal;
    }

    public boolean json() {
        return json;
    }

    /** The API at {@code --url} with {@code --token}; a missing token or a malformed URL is a {@link Failure}. */
    public Api api() {
        if (token == null || token.isBlank()) {
            throw new Failure("no token: set CUSTODIAN_TOKEN (or pass --token)");
        }
        URI base;
        try {
            base = new URI(url.endsWith("/") ? url : url + "/");
        } catch (URISyntaxException e) {
            throw new Failure("--url: not a URL: " + e.getMessage());
        }
        if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme())) || base.getHost() == null) {
            throw new Failure("--url: must be an http or https URL such as http://127.0.0.1:8080, not " + url);
        }
        return new Api(base, token);
    }

    /** Prints a command's result: the JSON document with {@code --json}, else the text. */
    public void print(JsonValue json, String text) {
        terminal.out().println(this.json ? json.toString() : text);
    }
}
