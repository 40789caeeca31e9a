/**
 * Plain JDBC on the ledger's database for every feature's set-based statements. It knows no
 * feature, so any feature may use it without depending on another.
 */
package dev.custodian.persistence;
