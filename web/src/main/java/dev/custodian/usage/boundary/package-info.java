/** The Usage resource: what is stored, grouped, and a user's bytes stored day by day. */
package dev.custodian.usage.boundary;
