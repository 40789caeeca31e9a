package dev.custodian.receipt.boundary;

import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptsResourceTest {

    private static final MediaType JSON = MediaType.APPLICATION_JSON_TYPE;
    private static final MediaType JOSE = new MediaType("application", "jose");

    @Test
    void theJwsAsItIsUnlessJsonIsPreferred() {
        assertThat(ReceiptsResource.prefersJson(List.of(MediaType.WILDCARD_TYPE))).as("no preference").isFalse();
        assertThat(ReceiptsResource.prefersJson(List.of())).isFalse();
        assertThat(ReceiptsResource.prefersJson(List.of(JOSE, JSON))).isFalse();
        assertThat(ReceiptsResource.prefersJson(List.of(JSON))).isTrue();
        assertThat(ReceiptsResource.prefersJson(List.of(JSON, MediaType.WILDCARD_TYPE))).as("json first").isTrue();
        assertThat(ReceiptsResource.prefersJson(List.of(new MediaType("application", "*"))))
                .as("a tie goes to the JWS").isFalse();
    }
}
