package dev.custodian.receipt.entity;

import java.util.List;

/** One leaf and its RFC 9162 audit path, checked by {@link MerkleTree#verifyInclusion} against the signed root. */
public record InclusionProof(ReceiptLeaf leaf, List<byte[]> auditPath) {
}
