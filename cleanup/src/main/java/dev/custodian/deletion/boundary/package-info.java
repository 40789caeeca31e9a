/** The worker that drives the deletion pipeline: started by a timer and poked after every request. */
package dev.custodian.deletion.boundary;
