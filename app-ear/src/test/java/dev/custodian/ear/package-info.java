/**
 * The EAR smoke test: {@code custodian.ear} deployed on a throwaway Payara Server domain against a
 * throwaway PostgreSQL database and an S3Proxy process, so the EAR is never a dead artefact.
 */
package dev.custodian.ear;
