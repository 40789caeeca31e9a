/** The worker that sends the mail outbox: started by a timer and poked after every commit that queued a mail. */
package dev.custodian.mail.boundary;
