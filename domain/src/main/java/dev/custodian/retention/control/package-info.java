/**
 * Retention: what a finished processing job leaves behind, how long final outputs live, and the
 * bulk cleanup of seed 003 (one held deletion per run, filled and capped before any key is due).
 * Every removal goes through the deletion pipeline.
 */
package dev.custodian.retention.control;
