/**
 * Scheduled work across a cluster: which instance runs a given tick of a scheduled task, and when
 * each task last succeeded.
 */
package dev.custodian.scheduling.control;
