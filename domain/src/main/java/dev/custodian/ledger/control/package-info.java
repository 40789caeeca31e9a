/** Reading and writing the ledger: the records, their state changes and the queries over them. */
package dev.custodian.ledger.control;
