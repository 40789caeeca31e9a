/** {@code /api/v1/admin/clear}: delete everything under a prefix, records included. */
package dev.custodian.clear.boundary;
