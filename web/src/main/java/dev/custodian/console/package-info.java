/**
 * The web console at {@code /console/}: static ES modules (in {@code src/main/console}) that call
 * only the public API with the operator's token; this package holds what the server adds to them.
 */
package dev.custodian.console;
