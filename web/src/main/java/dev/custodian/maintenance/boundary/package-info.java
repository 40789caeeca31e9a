/** API.md "Maintenance": runs, findings, reports, the quarantine and the cron endpoint. */
package dev.custodian.maintenance.boundary;
