/** A user's quota, what it allows, and the failures of the quota feature. */
package dev.custodian.quota.entity;
