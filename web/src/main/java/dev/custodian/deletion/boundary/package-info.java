/** Owner and object deletion over HTTP: requests, dry runs, progress, retries and the project views. */
package dev.custodian.deletion.boundary;
