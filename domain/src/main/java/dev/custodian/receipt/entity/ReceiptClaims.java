package dev.custodian.receipt.entity;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What a receipt attests about one finished deletion: the JWS payload. {@link #toJson()} writes
 * the members in this fixed order with no whitespace, so the same claims are always the same bytes.
 *
 * @param iat the finish, in seconds: a receipt is dated by what it attests, never by when it was fetched
 * @param scope as {@code DeletionScope.fields()}, in that order
 * @param verification the store's last look, null if the deletion finished without one
 * @param merkleRoot over the deleted keys, written as lowercase hex
 */
public record ReceiptClaims(String iss, long iat, UUID deletionId, Map<String, String> scope, String requestedBy,
                            String state, Instant createdAt, Instant finishedAt, long deleted, long held, long failed,
                            long bytesReclaimed, Verification verification, byte[] merkleRoot, long leafCount) {

    /** The verification listing as a count: the deletion keeps at most a thousand remaining keys. */
    public record Verification(Instant checkedAt, boolean isClean, long remainingKeyCount) {
    }

    public String toJson() {
        StringBuilder json = new StringBuilder(512).append('{');
        member(json, "iss").append(quote(iss));
        member(json, "iat").append(iat);
        member(json, "deletion_id").append(quote(deletionId.toString()));
        member(json, "scope").append('{');
        boolean first = true;
        for (Map.Entry<String, String> field : scope.entrySet()) {
            json.append(first ? "" : ",").append(quote(field.getKey())).append(':').append(quote(field.getValue()));
            first = false;
        }
        json.append('}');
        member(json, "requested_by").append(quote(requestedBy));
        member(json, "state").append(quote(state));
        member(json, "created_at").append(quote(createdAt.toString()));
        member(json, "finished_at").append(quote(finishedAt.toString()));
        member(json, "deleted").append(deleted);
        member(json, "held").append(held);
        member(json, "failed").append(failed);
        member(json, "bytes_reclaimed").append(bytesReclaimed);
        member(json, "verification");
        if (verification == null) {
            json.append("null");
        } else {
            json.append("{\"checked_at\":").append(quote(verification.checkedAt().toString()))
                    .append(",\"is_clean\":").append(verification.isClean())
                    .append(",\"remaining_key_count\":").append(verification.remainingKeyCount()).append('}');
        }
        member(json, "hash_alg").append(quote(MerkleTree.HASH_ALGORITHM));
        member(json, "merkle_root").append(quote(MerkleTree.hex(merkleRoot)));
        member(json, "leaf_count").append(leafCount);
        return json.append('}').toString();
    }

    private static StringBuilder member(StringBuilder json, String name) {
        return json.append(json.length() > 1 ? "," : "").append(quote(name)).append(':');
    }

    /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped, nothing else. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
