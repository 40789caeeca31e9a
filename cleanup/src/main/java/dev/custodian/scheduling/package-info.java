/** The timers whose schedules come from configuration. */
package dev.custodian.scheduling;
