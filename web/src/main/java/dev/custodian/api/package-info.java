/**
 * The HTTP surface as a whole: the JAX-RS application (which also defines the ledger's data
 * source), JSON conventions, paging cursors and RFC 9457 problem details for every failure.
 */
package dev.custodian.api;
