/** What every stored run shares: where it stands and what its scan reads. */
package dev.custodian.run.entity;
