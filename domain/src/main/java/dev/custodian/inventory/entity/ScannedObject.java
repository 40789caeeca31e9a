package dev.custodian.inventory.entity;

import dev.custodian.objectstore.entity.ObjectInfo;

/**
 * One object of a scan, with where a scan resumed from there goes on: the key for a listing, the
 * data file and line for an inventory.
 */
public record ScannedObject(ObjectInfo object, String checkpoint) {
}
