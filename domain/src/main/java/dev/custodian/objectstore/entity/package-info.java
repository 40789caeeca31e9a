/**
 * What the bucket says about its objects, in our own terms: listings, per-key delete outcomes,
 * presigned requests and the two kinds of store failure (worth retrying or not).
 */
package dev.custodian.objectstore.entity;
