/**
 * The integration-test harness shared by every module: a throwaway PostgreSQL database on the
 * machine's server, an S3Proxy process and (for versioned buckets, Object Lock) an S3Mock process on
 * free loopback ports, each started once per test JVM and removed when it exits. A module that
 * starts a server copies its jar in its own build (see storage's pom).
 */
package dev.custodian.testing;
