/** {@code /api/v1/admin/migrations}: moving legacy keys to the canonical layout. */
package dev.custodian.migration.boundary;
