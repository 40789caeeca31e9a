package dev.custodian.objectstore.entity;

import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A request a client may send straight to the store until {@code expiresAt}, with exactly these
 * headers (they are part of the signature).
 */
public record PresignedRequest(URI url, String method, Map<String, String> headers, Instant expiresAt) {

    public PresignedRequest {
        headers = Map.copyOf(headers);
    }
}
