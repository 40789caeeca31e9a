/** The closing step of a backfill or migration job: the run completes with its items' counts. */
package dev.custodian.bucketrun.batch;
