package dev.custodian.usage.entity;

/** One group of a usage report; {@code group} is null for records without a value (say, no project). */
public record UsageRow(String group, long objects, long bytes) {
}
