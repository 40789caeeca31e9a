package dev.custodian.deletion.entity;

/**
 * A CDI event after each drain batch is recorded: how many keys the store confirmed deleted and
 * the bytes they held, and how many failed. Observers (metrics) must be quick: the drain waits.
 */
public record KeysSettled(int deleted, long bytesReclaimed, int failed) {
}
