/**
 * The integration-test harness shared by every module: a throwaway PostgreSQL database on the
 * machine's server and an S3Proxy process on a free loopback port, each started once per test JVM
 * and removed when it exits.
 */
package dev.custodian.testing;
