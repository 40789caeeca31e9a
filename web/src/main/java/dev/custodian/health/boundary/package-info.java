/** MicroProfile Health checks: live while the JVM serves, ready while the database and bucket answer. */
package dev.custodian.health.boundary;
