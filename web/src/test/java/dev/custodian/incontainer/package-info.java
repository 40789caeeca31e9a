/**
 * The few Arquillian tests on Payara Micro: the application boots, a REST failure is problem+json,
 * and a batch job runs end to end inside the container.
 */
package dev.custodian.incontainer;
