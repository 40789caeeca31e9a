/**
 * Black-box tests: the built Payara Micro jar, started once for the whole integration phase
 * against a throwaway PostgreSQL database and an S3Proxy process, driven over HTTP only.
 */
package dev.custodian.blackbox;
