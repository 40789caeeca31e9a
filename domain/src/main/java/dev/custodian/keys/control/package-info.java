/**
 * The bucket's key layout as the service applies it: building canonical keys from validated input,
 * reading any key back, and deciding which keys and prefixes belong to an owner.
 */
package dev.custodian.keys.control;
