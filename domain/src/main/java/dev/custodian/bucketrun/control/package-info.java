/** The bookkeeping every bucket-wide admin run shares: creation with its overlap rule, progress, items, report. */
package dev.custodian.bucketrun.control;
