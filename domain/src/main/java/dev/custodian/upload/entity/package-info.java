/** What a client says about an upload, and the announced direct upload it gets back. */
package dev.custodian.upload.entity;
