/**
 * Migration of legacy keys to the canonical layout: which record moves where ({@code MigrationPlanning}),
 * the plan of a run ({@code Migrations}) and the two-phase store moves ({@code MigrationMoves}).
 */
package dev.custodian.migration.control;
