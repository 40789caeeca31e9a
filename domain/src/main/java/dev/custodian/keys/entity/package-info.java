/**
 * The key template language and the values it works on: the owner fields a key encodes
 * ({@link dev.custodian.keys.entity.KeyParts}), who may claim a key ({@link dev.custodian.keys.entity.OwnerScope})
 * and what a key was recognised as ({@link dev.custodian.keys.entity.ParsedKey}).
 */
package dev.custodian.keys.entity;
