/**
 * custodian cleanup: seed 003's bulk cleanup.
 */
package dev.custodian.cli.retention;
