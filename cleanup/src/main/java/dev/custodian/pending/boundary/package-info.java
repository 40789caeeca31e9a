/** The timer that starts the pending-upload job; it never runs two at once. */
package dev.custodian.pending.boundary;
