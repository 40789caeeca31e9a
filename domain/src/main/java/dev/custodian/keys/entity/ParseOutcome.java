package dev.custodian.keys.entity;

/** What recognising a key against the known layouts came to. */
public enum ParseOutcome {
    /** Exactly one reading: its owner fields can be trusted. */
    MATCHED,
    /** Several readings that disagree: the key is never attributed to any one of them. */
    AMBIGUOUS,
    /** No layout describes the key. */
    UNPARSEABLE
}
