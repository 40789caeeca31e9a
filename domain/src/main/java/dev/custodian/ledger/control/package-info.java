/**
 * Reading and writing the ledger: the records, their state changes and the queries over them.
 * Every SQL write of {@code stored_object} is an event of {@link dev.custodian.ledger.control.ObjectLedger},
 * {@link dev.custodian.ledger.control.DeletionRows} or {@link dev.custodian.ledger.control.DrainRows},
 * and none goes through JPA ({@code StoredObjectWritersTest} holds both).
 */
package dev.custodian.ledger.control;
