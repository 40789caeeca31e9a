package dev.custodian.receipt.boundary;

import dev.custodian.api.Cursors;
import dev.custodian.api.PathIds;
import dev.custodian.receipt.control.DeletionReceipts;
import dev.custodian.receipt.entity.DeletionReceipt;
import dev.custodian.receipt.entity.InclusionProof;
import dev.custodian.receipt.entity.MerkleTree;
import dev.custodian.receipt.entity.ReceiptLeaf;
import dev.custodian.security.boundary.Allowed;
import dev.custodian.security.control.Role;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/deletions/{id}/receipt}: a finished deletion's signed erasure receipt, and its
 * Merkle tree's leaves, so that one key's erasure can be proved against the signed root. The
 * signing keys are published at {@code /.well-known/jwks.json} ({@link JwksServlet}).
 */
@Tag(name = "Deletions")
@Path("v1/deletions/{id}/receipt")
@Allowed(Role.APP)
public class ReceiptsResource {

    static final String JOSE = "application/jose";
    private static final MediaType JOSE_TYPE = new MediaType("application", "jose");

    @Inject
    DeletionReceipts receipts;

    /** The compact JWS as it is ({@code application/jose}), or wrapped in JSON when the client prefers JSON. */
    @GET
    @Produces({JOSE, MediaType.APPLICATION_JSON})
    @Operation(summary = "A finished deletion's signed erasure receipt (compact JWS, EdDSA), the same bytes each time",
            description = "The body is the compact JWS (application/jose); with Accept: application/json it is"
                    + " {\"receipt\": \"<jws>\"}. Header {\"alg\":\"EdDSA\",\"kid\":…,\"typ\":\"JWT\"}, kid the"
                    + " RFC 7638 thumbprint of a key of /.well-known/jwks.json. Payload members, in this order: iss,"
                    + " iat (the finish, seconds), deletion_id, scope, requested_by, state, created_at, finished_at,"
                    + " deleted, held, failed, bytes_reclaimed, verification {checked_at, is_clean,"
                    + " remaining_key_count}, hash_alg (SHA-256), merkle_root (lowercase hex, RFC 6962 tree over"
                    + " the deleted keys, see …/receipt/keys), leaf_count. 409 deletion-not-finished while it runs,"
                    + " 409 records-only for a deletion that erased nothing, 410 receipt-unavailable when its rows"
                    + " were purged before a receipt was made, 503 not-configured without a signing key.")
    @APIResponse(responseCode = "200", description = "the receipt", content = {
            @Content(mediaType = JOSE, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReceiptBody.class))})
    public Response receipt(@PathParam("id") String id, @Context HttpHeaders headers) {
        DeletionReceipt receipt = receipts.receipt(PathIds.parse(id));
        return prefersJson(headers.getAcceptableMediaTypes())
                ? Response.ok(new ReceiptBody(receipt.jws()), MediaType.APPLICATION_JSON_TYPE).build()
                : Response.ok(receipt.jws(), JOSE).build();
    }

    /** The first acceptable type (they come most preferred first) that either form matches decides; JWS wins ties. */
    static boolean prefersJson(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(JOSE_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return true;
            }
        }
        return false;
    }

    /** The receipt when JSON is asked for. */
    public record ReceiptBody(String receipt) {
    }

    /**
     * The receipt's leaves in tree order, paged; or, with {@code key} (and {@code version_id}), that
     * one leaf with its audit path.
     */
    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The receipt's leaves with their hashes, paged; with key=, one leaf and its audit path",
            description = "Leaves are the deleted keys sorted by their UTF-8 bytes, one per version erased sorted"
                    + " by version id bytes (one with version_id null for a key of a bucket that keeps no versions);"
                    + " leaf_hash = SHA-256(0x00 || key || 0x00 || version_id or \"\"), nodes SHA-256(0x01 || left"
                    + " || right), split as RFC 6962, hashes in lowercase hex. A page is {items: [{index, key,"
                    + " version_id, leaf_hash}], next_cursor, tree_size, merkle_root}; it ends with a key's last"
                    + " version, so it may hold more than limit leaves. With key and version_id"
                    + " (limit and cursor ignored): {index, key, version_id, leaf_hash, tree_size, merkle_root,"
                    + " audit_path}, verified as RFC 9162 section 2.1.3.2; 404 when the key is not a leaf. 410"
                    + " receipt-keys-purged once the ledger rows were purged (the receipt itself stands).")
    public Response keys(@PathParam("id") String id, @QueryParam("key") String key,
                         @QueryParam("version_id") String versionId, @QueryParam("limit") String limit,
                         @QueryParam("cursor") String cursor) {
        UUID uuid = PathIds.parse(id);
        int pageSize = Cursors.limit(limit);
        Cursors.Position position = Cursors.parsePosition(cursor);
        DeletionReceipt receipt = receipts.receipt(uuid);
        String root = MerkleTree.hex(receipt.merkleRoot());
        if (key != null) {
            InclusionProof proof = receipts.proof(receipt, key, versionId == null || versionId.isEmpty() ? null
                    : versionId);
            ReceiptLeaf leaf = proof.leaf();
            return Response.ok(new LeafProof(leaf.index(), leaf.key(), leaf.versionId(), MerkleTree.hex(leaf.leafHash()),
                    receipt.leafCount(), root, proof.auditPath().stream().map(MerkleTree::hex).toList())).build();
        }
        DeletionReceipts.LeafPage page = receipts.leaves(uuid, position.after(), position.next(), pageSize);
        List<ReceiptLeaf> leaves = page.leaves();
        ReceiptLeaf last = leaves.isEmpty() ? null : leaves.get(leaves.size() - 1);
        return Response.ok(new LeafPage(leaves.stream().map(l -> new Leaf(l.index(), l.key(), l.versionId(),
                MerkleTree.hex(l.leafHash()))).toList(),
                page.more() ? Cursors.afterPosition(last.index() + 1, last.key()) : null,
                receipt.leafCount(), root)).build();
    }

    /** One leaf of a page. */
    public record Leaf(long index, String key, String versionId, String leafHash) {
    }

    /** A page of leaves, with the tree they belong to. */
    public record LeafPage(List<Leaf> items, String nextCursor, long treeSize, String merkleRoot) {
    }

    /** One leaf and its inclusion proof, bottom sibling first. */
    public record LeafProof(long index, String key, String versionId, String leafHash, long treeSize, String merkleRoot,
                            List<String> auditPath) {
    }
}
