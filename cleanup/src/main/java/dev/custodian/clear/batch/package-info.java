/** The {@code clear} Jakarta Batch job: record the listing, check max_delete, fill and release one deletion. */
package dev.custodian.clear.batch;
