/**
 * Reading and writing the ledger, and the upload flows that keep the ledger and the bucket in
 * step: storage first, record second, never a store call inside a database transaction.
 */
package dev.custodian.ledger.control;
