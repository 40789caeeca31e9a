/**
 * Input rules shared by every entry point: field-level {@link dev.custodian.validation.Violation}s are
 * collected, never thrown one at a time, so a client learns about every bad field in one answer.
 */
package dev.custodian.validation;
