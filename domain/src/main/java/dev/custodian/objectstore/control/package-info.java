/**
 * The port through which the domain reaches the bucket. The S3 adapter in the storage module is
 * its only production implementation; nothing here knows the AWS SDK.
 */
package dev.custodian.objectstore.control;
