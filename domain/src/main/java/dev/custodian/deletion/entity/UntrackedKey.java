package dev.custodian.deletion.entity;

import dev.custodian.keys.entity.KeyParts;

/** A key the sweep found under an owner's prefix; {@code owner} is what its layout says, if anything. */
public record UntrackedKey(String key, long sizeBytes, KeyParts owner) {
}
