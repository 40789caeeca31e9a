/**
 * The S3 adapter: the {@link dev.custodian.objectstore.control.ObjectStore} port over the AWS SDK
 * for Java v2, for AWS S3, Cloudflare R2, MinIO and S3Proxy alike (endpoint, region, path-style
 * and checksum mode come from configuration).
 */
package dev.custodian.objectstore.s3;
