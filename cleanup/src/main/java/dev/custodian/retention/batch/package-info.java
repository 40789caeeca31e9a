/**
 * The {@code retention-sweep} batch job: reads what the enabled retention policies match (policy
 * by policy, keyset by id; the checkpoint is the pair) and queues it into one held deletion per
 * run, stopping at {@code max_delete}.
 */
package dev.custodian.retention.batch;
