/** Duplicate removal over HTTP: dry run, confirmation, one deletion. */
package dev.custodian.dedup.boundary;
