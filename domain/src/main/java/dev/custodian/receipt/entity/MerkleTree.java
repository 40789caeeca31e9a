package dev.custodian.receipt.entity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;

/**
 * The receipt's Merkle tree, hashed as RFC 6962 (section 2.1) and RFC 9162 define it, so any
 * Certificate Transparency verifier checks its inclusion proofs: a leaf is SHA-256(0x00 || data),
 * a node SHA-256(0x01 || left || right), a tree of n leaves splits at the largest power of two
 * smaller than n, and the empty tree is SHA-256 of nothing. A receipt's leaf data is the deleted
 * key and its version id, each in UTF-8, separated by a zero byte (a ledger key never holds one:
 * PostgreSQL text cannot).
 *
 * <p>Nothing here holds the leaves: a {@link Root} takes them one by one and keeps only the
 * roots of its complete subtrees (one per set bit of the count so far), so a million keys cost
 * some twenty hashes of memory; an {@link AuditPath} does the same for the subtrees beside one leaf.
 */
public final class MerkleTree {

    public static final String HASH_ALGORITHM = "SHA-256";

    private MerkleTree() {
    }

    /** The hash of a receipt leaf: a deleted key and its version id (null: none, hashed as ""). */
    public static byte[] leafHash(String key, String versionId) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x00);
        digest.update(key.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0x00);
        digest.update((versionId == null ? "" : versionId).getBytes(StandardCharsets.UTF_8));
        return digest.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = sha256();
        digest.update((byte) 0x01);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    public static byte[] unhex(String hash) {
        return HexFormat.of().parseHex(hash);
    }

    /**
     * RFC 9162 section 2.1.3.2: whether {@code path} proves the leaf at {@code index} (0-based) part of
     * the tree of {@code size} leaves whose root is {@code root}.
     */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** The largest power of two smaller than {@code n} (n at least 2): where RFC 6962 splits. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(HASH_ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The root of leaves given in order, computed as they come (RFC 6962's incremental form). */
    public static final class Root {

        /** Complete subtrees, the largest at the bottom; their sizes are the set bits of {@code count}. */
        private final Deque<byte[]> subtrees = new ArrayDeque<>();
        private long count;

        public void add(byte[] leafHash) {
            byte[] hash = leafHash;
            // the lowest set bits of the old count are subtrees as large as the ones this leaf completes
            for (long size = count; (size & 1) == 1; size >>= 1) {
                hash = nodeHash(subtrees.pop(), hash);
            }
            subtrees.push(hash);
            count++;
        }

        public long count() {
            return count;
        }

        /** The root of the leaves so far: the complete subtrees joined from the right. */
        public byte[] root() {
            if (count == 0) {
                return emptyRoot();
            }
            var smallestFirst = subtrees.iterator();
            byte[] root = smallestFirst.next();
            while (smallestFirst.hasNext()) {
                root = nodeHash(smallestFirst.next(), root);
            }
            return root;
        }
    }

    /**
     * The inclusion proof of one leaf, computed while every leaf of the tree goes by in order: the
     * proof is the roots of the subtrees beside the leaf's path, each a {@link Root} over a run of
     * consecutive leaves, so no leaf is kept.
     */
    public static final class AuditPath {

        private final long size;
        /** The sibling subtrees as [start, end) leaf ranges, in proof order (the leaf's own level first). */
        private final List<long[]> ranges = new ArrayList<>();
        private final List<Root> roots = new ArrayList<>();
        private long next;

        public AuditPath(long index, long size) {
            if (index < 0 || index >= size) {
                throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
            }
            this.size = size;
            collect(index, 0, size);
            ranges.forEach(r -> roots.add(new Root()));
        }

        /** RFC 6962's PATH(m, D[start:end]): the sibling ranges from the bottom up. */
        private void collect(long m, long start, long end) {
            long n = end - start;
            if (n <= 1) {
                return;
            }
            long k = split(n);
            if (m < k) {
                collect(m, start, start + k);
                ranges.add(new long[] {start + k, end});
            } else {
                collect(m - k, start + k, end);
                ranges.add(new long[] {start, start + k});
            }
        }

        /** The next leaf of the tree, in order. */
        public void add(byte[] leafHash) {
            if (next >= size) {
                throw new IllegalStateException("a tree of " + size + " leaves has no leaf " + next);
            }
            for (int i = 0; i < ranges.size(); i++) {
                if (ranges.get(i)[0] <= next && next < ranges.get(i)[1]) {
                    roots.get(i).add(leafHash);
                    break;
                }
            }
            next++;
        }

        /** The proof, once every leaf has been added. */
        public List<byte[]> path() {
            if (next != size) {
                throw new IllegalStateException(next + " of " + size + " leaves added");
            }
            return roots.stream().map(Root::root).toList();
        }
    }
}
