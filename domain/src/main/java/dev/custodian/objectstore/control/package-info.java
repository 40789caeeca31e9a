/**
 * The port through which the domain reaches the bucket, and the pace at which the deletion
 * pipeline calls it ({@link dev.custodian.objectstore.control.StoreCallLimit}). The S3 adapter in
 * the storage module is the port's only production implementation; nothing here knows the AWS SDK.
 */
package dev.custodian.objectstore.control;
