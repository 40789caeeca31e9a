/** Mails: the text of a summary ({@link dev.custodian.mail.entity.Mail}). */
package dev.custodian.mail.entity;
