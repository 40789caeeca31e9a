/** Duplicate removal's requests, plans and errors. */
package dev.custodian.dedup.entity;
