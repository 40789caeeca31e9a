/** Starts bucket runs (backfill, migration, clear) as their Jakarta Batch jobs. */
package dev.custodian.bucketrun.boundary;
