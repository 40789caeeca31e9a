/** Erasure receipts over HTTP: the signed receipt of a deletion, its leaves and proofs, and the public keys. */
package dev.custodian.receipt.boundary;
