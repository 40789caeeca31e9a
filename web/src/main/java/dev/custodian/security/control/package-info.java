/** The configured access tokens, their roles, and the caller a request acts as. */
package dev.custodian.security.control;
