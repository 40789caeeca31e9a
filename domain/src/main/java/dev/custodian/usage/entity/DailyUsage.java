package dev.custodian.usage.entity;

import java.time.LocalDate;

/** The bytes a user had stored at the end of one UTC day (for today: now). */
public record DailyUsage(LocalDate day, long bytes) {
}
