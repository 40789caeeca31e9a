/** The Objects and Uploads resources of the API: storing, announcing, listing and reading objects. */
package dev.custodian.ledger.boundary;
