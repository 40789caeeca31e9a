/** Bearer-token authentication and role checks in front of every API resource. */
package dev.custodian.security.boundary;
