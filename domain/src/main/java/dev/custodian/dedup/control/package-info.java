/**
 * Duplicate removal: a dry run judges an owner's groups of identical content by the keep rule and
 * issues a confirmation token; the confirmed run queues the other copies as one deletion and
 * remembers which copy each removed key was a copy of. Never across owners.
 */
package dev.custodian.dedup.control;
