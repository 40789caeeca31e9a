/** Reads the pipeline's figures from the ledger, cheaply enough for every metrics scrape. */
package dev.custodian.monitoring.control;
