/** The timer that checks the storage thresholds. */
package dev.custodian.threshold.boundary;
