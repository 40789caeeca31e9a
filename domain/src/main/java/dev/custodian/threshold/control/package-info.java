/**
 * Storage thresholds (seed 003): the bucket's live bytes, and each user's share of their quota,
 * checked against their limits; a crossing, claimed once in the cluster, starts the bulk cleanup
 * and is audited and announced (webhook {@code storage.threshold_crossed}, and mail).
 */
package dev.custodian.threshold.control;
