/**
 * The upload flows that keep the ledger and the bucket in step: storage first, record second,
 * never a store call inside a database transaction. An upload is checked against its owner's
 * tombstone ({@code deletion}) and quota ({@code quota}) before the ledger takes its record, so
 * this feature sits above all three and none of them depends on it.
 */
package dev.custodian.upload.control;
