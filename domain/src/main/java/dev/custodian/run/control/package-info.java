/**
 * The run framework: what the job side needs of every stored run ({@link dev.custodian.run.control.RunFamily}),
 * each family found by its job, and the recovery of runs no job will end.
 */
package dev.custodian.run.control;
