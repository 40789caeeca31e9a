package dev.custodian.receipt.entity;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptClaimsTest {

    private static final UUID ID = UUID.fromString("0b7c6a52-6f1e-4f55-9d0a-3f0c2e1d9a10");

    private static ReceiptClaims claims(Map<String, String> scope, ReceiptClaims.Verification verification) {
        return new ReceiptClaims("custodian", 1_796_000_000L, ID, scope, "app-1", "completed",
                Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T10:00:05.123456Z"), 3, 0, 1, 2048,
                verification, MerkleTree.emptyRoot(), 3);
    }

    @Test
    void theClaimsAreWrittenInOneFixedOrderWithoutWhitespace() {
        Map<String, String> scope = new LinkedHashMap<>();
        scope.put("type", "project");
        scope.put("user_id", "u1");
        scope.put("project_id", "p1");

        String json = claims(scope, new ReceiptClaims.Verification(Instant.parse("2026-12-06T10:00:05.123456Z"), true,
                0)).toJson();

        assertThat(json).isEqualTo("{\"iss\":\"custodian\",\"iat\":1796000000,"
                + "\"deletion_id\":\"0b7c6a52-6f1e-4f55-9d0a-3f0c2e1d9a10\","
                + "\"scope\":{\"type\":\"project\",\"user_id\":\"u1\",\"project_id\":\"p1\"},"
                + "\"requested_by\":\"app-1\",\"state\":\"completed\",\"created_at\":\"2026-12-06T10:00:00Z\","
                + "\"finished_at\":\"2026-12-06T10:00:05.123456Z\",\"deleted\":3,\"held\":0,\"failed\":1,"
                + "\"bytes_reclaimed\":2048,\"verification\":{\"checked_at\":\"2026-12-06T10:00:05.123456Z\","
                + "\"is_clean\":true,\"remaining_key_count\":0},\"hash_alg\":\"SHA-256\","
                + "\"merkle_root\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
                + "\"leaf_count\":3}");
        assertThat(claims(scope, null).toJson()).contains("\"verification\":null,");
    }

    @Test
    void textIsEscapedAsJsonRequiresAndOtherwiseLeftAsItIs() {
        assertThat(ReceiptClaims.quote("a\"b\\c\n\u0001é/")).isEqualTo("\"a\\\"b\\\\c\\u000a\\u0001é/\"");
    }
}
