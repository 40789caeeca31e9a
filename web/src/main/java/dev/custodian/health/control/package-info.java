/** Checks that answer in bounded time: readiness must never hang because a dependency does. */
package dev.custodian.health.control;
