/** The migration job: plan the scope's records page by page, then carry out the moves outside any transaction. */
package dev.custodian.migration.batch;
