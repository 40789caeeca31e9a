/** Where every run's job is started. */
package dev.custodian.run.boundary;
