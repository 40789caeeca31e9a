/** What usage is reported by: the grouping dimensions and the rows of a report. */
package dev.custodian.usage.entity;
