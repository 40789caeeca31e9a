/**
 * custodian usage: what is stored, by user, project, file type or retention class.
 */
package dev.custodian.cli.usage;
