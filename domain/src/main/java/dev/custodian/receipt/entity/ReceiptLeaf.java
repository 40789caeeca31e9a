package dev.custodian.receipt.entity;

/**
 * One leaf of a receipt's tree: its 0-based position, the deleted key and its version id (null:
 * the bucket keeps no versions), and its {@link MerkleTree#leafHash}.
 */
public record ReceiptLeaf(long index, String key, String versionId, byte[] leafHash) {
}
