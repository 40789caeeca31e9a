/** Reading S3 Inventory reports: the manifest checked before a run starts, the gzip CSV rows streamed during it. */
package dev.custodian.inventory.control;
