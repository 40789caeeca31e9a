package dev.custodian.receipt.boundary;

import dev.custodian.api.JsonFields;
import dev.custodian.receipt.control.ReceiptSettings;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /.well-known/jwks.json}: the receipt signing key as a JWK set, open to anyone (verifiers
 * hold no token). A servlet at the root of the context rather than a resource: every JAX-RS
 * resource lives under {@code /api} behind the bearer token filter. No key configured: no keys.
 */
@WebServlet("/.well-known/jwks.json")
public class JwksServlet extends HttpServlet {

    @Inject
    transient ReceiptSettings settings;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder keys = JsonFields.JSON.createArrayBuilder();
        settings.key().ifPresent(key -> keys.add(JsonFields.JSON.createObjectBuilder()
                .add("kty", "OKP")
                .add("crv", "Ed25519")
                .add("x", key.x())
                .add("kid", key.kid())
                .add("use", "sig")
                .add("alg", "EdDSA")));
        byte[] body = JsonFields.JSON.createObjectBuilder().add("keys", keys).build().toString()
                .getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, max-age=300");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
