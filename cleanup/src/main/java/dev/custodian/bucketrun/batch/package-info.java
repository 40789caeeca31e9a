/** Batch artifacts every bucket run's job shares: the run listener, the listing reader, the closing step. */
package dev.custodian.bucketrun.batch;
