/** S3 Inventory reports as a run's source of objects: the report a run names, its manifest, a scanned object. */
package dev.custodian.inventory.entity;
