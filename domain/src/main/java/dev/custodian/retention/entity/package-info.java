/** Retention requests and reports. */
package dev.custodian.retention.entity;
