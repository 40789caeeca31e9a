package dev.custodian.receipt.entity;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTest {

    private static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 6962's MTH as written there, recursively over the whole list: the reference for the streaming form. */
    private static byte[] referenceRoot(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return MerkleTree.nodeHash(referenceRoot(leaves.subList(0, k)), referenceRoot(leaves.subList(k, leaves.size())));
    }

    private static byte[] streamedRoot(List<byte[]> leaves) {
        MerkleTree.Root root = new MerkleTree.Root();
        leaves.forEach(root::add);
        assertThat(root.count()).isEqualTo(leaves.size());
        return root.root();
    }

    private static List<byte[]> path(List<byte[]> leaves, int index) {
        MerkleTree.AuditPath path = new MerkleTree.AuditPath(index, leaves.size());
        leaves.forEach(path::add);
        return path.path();
    }

    private static List<byte[]> randomLeaves(Random random, int count) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leaves.add(MerkleTree.leafHash("users/u" + random.nextInt(1000) + "/f" + i + ".mp3",
                    random.nextBoolean() ? null : "v" + random.nextLong()));
        }
        return leaves;
    }

    @Test
    void leavesAndNodesAreHashedWithRfc6962sPrefixesAndTheKeyAndVersionSeparatedByAZeroByte() throws Exception {
        assertThat(MerkleTree.hex(MerkleTree.leafHash("a", null)))
                .isEqualTo("98fb63f7212bb7a738d1cd6d6d51d3e96169b23710ae5113c65123f029074860")
                .isEqualTo(MerkleTree.hex(sha256(new byte[] {0}, utf8("a"), new byte[] {0})))
                .isEqualTo(MerkleTree.hex(MerkleTree.leafHash("a", "")));
        assertThat(MerkleTree.hex(MerkleTree.leafHash("b", "v1")))
                .isEqualTo("8797ea16973274d0b7d18b4575454cc885ca24ea5f07a07c9d138d31b076dbb3");
        assertThat(MerkleTree.leafHash("ab", null)).as("the separator keeps key and version apart")
                .isNotEqualTo(MerkleTree.leafHash("a", "b"));
        assertThat(MerkleTree.leafHash("é", null)).isEqualTo(sha256(new byte[] {0, (byte) 0xc3, (byte) 0xa9, 0}));
        byte[] left = MerkleTree.leafHash("a", null);
        byte[] right = MerkleTree.leafHash("b", "v1");
        assertThat(MerkleTree.nodeHash(left, right)).isEqualTo(sha256(new byte[] {1}, left, right));
    }

    @Test
    void smallTreesHaveTheRootsWorkedOutByHand() throws Exception {
        byte[] a = MerkleTree.leafHash("a", null);
        byte[] b = MerkleTree.leafHash("b", "v1");
        byte[] c = MerkleTree.leafHash("c", null);
        byte[] d = MerkleTree.leafHash("d", null);
        byte[] e = MerkleTree.leafHash("e", null);

        assertThat(MerkleTree.hex(streamedRoot(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(streamedRoot(List.of(a))).as("one leaf: its own hash").isEqualTo(a);
        assertThat(streamedRoot(List.of(a, b))).isEqualTo(sha256(new byte[] {1}, a, b));
        // three leaves split 2 + 1: the lone leaf is not paired with itself
        byte[] ab = sha256(new byte[] {1}, a, b);
        assertThat(MerkleTree.hex(streamedRoot(List.of(a, b, c))))
                .isEqualTo("69ee16fb9a4203b98f5bea19d282c6481352f6963c4b67ecd9b0a6ab1abc27b8")
                .isEqualTo(MerkleTree.hex(sha256(new byte[] {1}, ab, c)));
        byte[] cd = sha256(new byte[] {1}, c, d);
        assertThat(streamedRoot(List.of(a, b, c, d))).isEqualTo(sha256(new byte[] {1}, ab, cd));
        // five leaves split 4 + 1
        assertThat(streamedRoot(List.of(a, b, c, d, e)))
                .isEqualTo(sha256(new byte[] {1}, sha256(new byte[] {1}, ab, cd), e));
    }

    @Test
    void theAuditPathsOfASmallTreeAreTheSiblingsWorkedOutByHand() throws Exception {
        byte[] a = MerkleTree.leafHash("a", null);
        byte[] b = MerkleTree.leafHash("b", null);
        byte[] c = MerkleTree.leafHash("c", null);
        byte[] d = MerkleTree.leafHash("d", null);
        byte[] e = MerkleTree.leafHash("e", null);
        List<byte[]> leaves = List.of(a, b, c, d, e);
        byte[] ab = sha256(new byte[] {1}, a, b);
        byte[] cd = sha256(new byte[] {1}, c, d);
        byte[] abcd = sha256(new byte[] {1}, ab, cd);

        assertThat(path(leaves, 0)).containsExactly(b, cd, e);
        assertThat(path(leaves, 3)).containsExactly(c, ab, e);
        assertThat(path(leaves, 4)).as("the last leaf of an odd tree").containsExactly(abcd);
        assertThat(path(List.of(a), 0)).isEmpty();
        assertThat(MerkleTree.verifyInclusion(4, 5, e, List.of(abcd), streamedRoot(leaves))).isTrue();
    }

    @Test
    void everyLeafOfRandomTreesIsProvedAgainstTheRootAndAnyChangeIsNot() {
        Random random = new Random(6962);
        for (int round = 0; round < 200; round++) {
            int size = round < 70 ? round + 1 : 1 + random.nextInt(600);
            List<byte[]> leaves = randomLeaves(random, size);
            byte[] root = streamedRoot(leaves);
            assertThat(root).as("size " + size).isEqualTo(referenceRoot(leaves));

            List<Integer> indexes = size <= 70 ? IntStream.range(0, size).boxed().toList()
                    : List.of(0, size - 1, random.nextInt(size), random.nextInt(size));
            for (int index : indexes) {
                List<byte[]> proof = path(leaves, index);
                assertThat(MerkleTree.verifyInclusion(index, size, leaves.get(index), proof, root))
                        .as("leaf %d of %d", index, size).isTrue();
                byte[] other = MerkleTree.leafHash("not/in/the/tree", null);
                assertThat(MerkleTree.verifyInclusion(index, size, other, proof, root)).as("a changed leaf").isFalse();
                if (size > 1) {
                    assertThat(MerkleTree.verifyInclusion((index + 1) % size, size, leaves.get(index), proof, root))
                            .as("another index").isFalse();
                    List<byte[]> tampered = new ArrayList<>(proof);
                    byte[] flipped = Arrays.copyOf(tampered.get(0), 32);
                    flipped[random.nextInt(32)] ^= 1;
                    tampered.set(0, flipped);
                    assertThat(MerkleTree.verifyInclusion(index, size, leaves.get(index), tampered, root))
                            .as("a changed sibling").isFalse();
                    assertThat(MerkleTree.verifyInclusion(index, size, leaves.get(index), proof.subList(0,
                            proof.size() - 1), root)).as("a shortened proof").isFalse();
                }
            }
            if (size > 1) {
                List<byte[]> changed = new ArrayList<>(leaves);
                int at = random.nextInt(size);
                changed.set(at, MerkleTree.leafHash("changed", null));
                byte[] changedRoot = streamedRoot(changed);
                assertThat(changedRoot).as("a changed leaf changes the root").isNotEqualTo(root);
                assertThat(MerkleTree.verifyInclusion(at, size, leaves.get(at), path(changed, at), changedRoot))
                        .as("the old leaf is not in the changed tree").isFalse();
            }
        }
    }

    @Test
    void aProofIsAskedOfALeafTheTreeHasAndOnlyOnceEveryLeafWentBy() {
        assertThatThrownBy(() -> new MerkleTree.AuditPath(3, 3)).isInstanceOf(IllegalArgumentException.class);
        MerkleTree.AuditPath path = new MerkleTree.AuditPath(0, 2);
        path.add(MerkleTree.leafHash("a", null));
        assertThatThrownBy(path::path).isInstanceOf(IllegalStateException.class);
        assertThat(MerkleTree.verifyInclusion(0, 0, MerkleTree.leafHash("a", null), List.of(), MerkleTree.emptyRoot()))
                .isFalse();
    }
}
