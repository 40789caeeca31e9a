/** Jakarta Batch executions over HTTP: list, start one of our jobs, stop, restart (admin only). */
package dev.custodian.batch.boundary;
