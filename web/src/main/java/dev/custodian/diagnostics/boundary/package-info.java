/** The Diagnostics resource: what an operator looks at first when something is wrong. */
package dev.custodian.diagnostics.boundary;
