/**
 * custodian clear, backfill and migrate: the bucket runs of the admin API, followed with progress.
 */
package dev.custodian.cli.bucketrun;
