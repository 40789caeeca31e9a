/** Clear: everything under a prefix (the whole bucket with {@code ""}) through the deletion pipeline. */
package dev.custodian.clear.control;
