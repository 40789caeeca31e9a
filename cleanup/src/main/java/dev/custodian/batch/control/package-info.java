/** Who runs which batch execution, and the recovery of executions whose instance died. */
package dev.custodian.batch.control;
