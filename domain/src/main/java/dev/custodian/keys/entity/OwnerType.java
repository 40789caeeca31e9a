package dev.custodian.keys.entity;

/** The kinds of owner whose objects can be listed and deleted together. */
public enum OwnerType {
    USER,
    PROJECT,
    SCENE
}
