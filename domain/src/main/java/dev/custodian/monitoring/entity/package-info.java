/** What an operator watches: the pipeline's figures at one moment, and the alerts derived from them. */
package dev.custodian.monitoring.entity;
