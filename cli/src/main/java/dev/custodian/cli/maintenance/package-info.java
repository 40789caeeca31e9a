/**
 * custodian maintenance: seed 004's report, and executions confirmed by typing or by a dry run's token.
 */
package dev.custodian.cli.maintenance;
