/** {@code /api/v1/admin/backfill}: records for objects the ledger lacks. */
package dev.custodian.backfill.boundary;
