/**
 * Maintenance runs no admin asks for (the cron endpoint, the daily schedule, both through the run
 * framework's starter), and the recovery of unfinished quarantine moves.
 */
package dev.custodian.maintenance.boundary;
