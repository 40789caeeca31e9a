/** Bucket-wide admin runs (backfill, migration, clear): the run, its kind, its items. */
package dev.custodian.bucketrun.entity;
