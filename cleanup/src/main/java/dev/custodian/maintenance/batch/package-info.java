/** The {@code maintenance} Jakarta Batch job: scan into staging, diff in SQL, act. */
package dev.custodian.maintenance.batch;
