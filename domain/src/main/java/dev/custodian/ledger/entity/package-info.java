/**
 * The ledger: one {@link dev.custodian.ledger.entity.StoredObject} per object the service knows of,
 * with its owner, retention class and place in the object state machine.
 */
package dev.custodian.ledger.entity;
