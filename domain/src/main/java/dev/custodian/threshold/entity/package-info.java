/** Storage thresholds: when one is crossed and when it is armed again ({@link dev.custodian.threshold.entity.ThresholdRule}). */
package dev.custodian.threshold.entity;
