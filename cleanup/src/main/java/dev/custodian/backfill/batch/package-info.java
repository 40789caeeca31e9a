/** The {@code backfill} Jakarta Batch job: the listing, a page a chunk, adopted by the key layout. */
package dev.custodian.backfill.batch;
