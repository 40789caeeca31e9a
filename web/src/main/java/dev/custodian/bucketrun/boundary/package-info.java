/** How a bucket run (backfill, migration, clear) looks on the wire, and the request fields they share. */
package dev.custodian.bucketrun.boundary;
