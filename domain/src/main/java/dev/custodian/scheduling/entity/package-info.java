/** The ticks of scheduled tasks, as values. */
package dev.custodian.scheduling.entity;
