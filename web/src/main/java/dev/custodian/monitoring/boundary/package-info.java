/** The service's own figures at /metrics ({@code custodian_…}), and the deletions alert in readiness. */
package dev.custodian.monitoring.boundary;
