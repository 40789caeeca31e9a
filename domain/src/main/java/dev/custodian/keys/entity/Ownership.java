package dev.custodian.keys.entity;

/** Whether a key belongs to an owner, judged over every reading of the key. */
public enum Ownership {
    /** The key reads, and every reading belongs to the owner: safe to treat as the owner's. */
    OWNED,
    /** Some readings belong to the owner and some do not: never act on it for the owner. */
    AMBIGUOUS,
    /** No reading belongs to the owner, or the key does not read at all. */
    NOT_OWNED
}
