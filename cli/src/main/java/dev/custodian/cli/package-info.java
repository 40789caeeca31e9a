/**
 * The operators' command line ({@code bin/custodian}): parsing, the HTTP client of the API, problem
 * details as text, progress, and the exit statuses cron acts on. It uses no other module of the
 * service: it is a client of the API like any other.
 */
package dev.custodian.cli;
