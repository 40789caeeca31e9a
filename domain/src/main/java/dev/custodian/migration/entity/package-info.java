/** Migration of legacy keys to the canonical layout: the records it looks at and the moves it makes. */
package dev.custodian.migration.entity;
