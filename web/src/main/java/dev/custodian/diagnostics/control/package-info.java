/**
 * The operator's diagnostics: real probes of the bucket (list, write, read, delete of an object
 * under the reserved prefix), the database, its schema and the batch job repository, each run
 * with a deadline on a thread of its own (see {@link dev.custodian.health.control.BoundedProbe});
 * and the effective configuration, secrets shown only as set or not set.
 */
package dev.custodian.diagnostics.control;
