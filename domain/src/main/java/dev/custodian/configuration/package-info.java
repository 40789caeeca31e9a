/** Reading configuration values that MicroProfile Config has no converter for, with errors naming the key. */
package dev.custodian.configuration;
