/** Retention over HTTP: completing processing jobs and the bulk cleanup. */
package dev.custodian.retention.boundary;
