/**
 * custodian delete and custodian deletion: owner deletions, followed to their verified end.
 */
package dev.custodian.cli.deletion;
