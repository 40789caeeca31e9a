/**
 * Signed erasure receipts: what a finished deletion attests (its claims, signed once and kept),
 * and the Merkle tree over its deleted keys that lets one key's erasure be checked against the
 * signed root.
 */
package dev.custodian.receipt.entity;
