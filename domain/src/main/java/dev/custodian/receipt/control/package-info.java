/**
 * Making, signing and keeping deletions' erasure receipts, the signing key's settings, and reading
 * the receipts' leaves back from the ledger with inclusion proofs.
 */
package dev.custodian.receipt.control;
