/** The batch artefacts every run's job shares: its listener and its scan reader. */
package dev.custodian.run.batch;
