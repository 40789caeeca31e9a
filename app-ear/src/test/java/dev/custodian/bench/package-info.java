/**
 * Benchmarks that print figures; run with {@code bin/bench}, never by the default test command.
 * They check that the work was done right, not how fast it was.
 */
package dev.custodian.bench;
