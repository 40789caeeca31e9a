/** Starting maintenance runs: by request, by the cron endpoint and by the daily schedule. */
package dev.custodian.maintenance.boundary;
