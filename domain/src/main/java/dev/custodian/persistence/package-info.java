/**
 * Plain JDBC on the ledger's database for every feature's set-based statements, and {@code Clause},
 * a piece of SQL with its parameters that one feature hands another's statement. It knows no
 * feature, so any feature may use it without depending on another.
 */
package dev.custodian.persistence;
