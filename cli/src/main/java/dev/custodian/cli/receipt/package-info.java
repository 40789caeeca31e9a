/**
 * custodian receipt: erasure receipts checked with the JDK's Ed25519 and RFC 6962 / RFC 9162 proofs.
 */
package dev.custodian.cli.receipt;
