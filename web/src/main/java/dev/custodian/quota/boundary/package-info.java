/** The Quota resource: set, read and remove the bytes a user may store. */
package dev.custodian.quota.boundary;
