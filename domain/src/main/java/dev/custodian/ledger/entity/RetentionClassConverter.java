package dev.custodian.ledger.entity;

import dev.custodian.persistence.TextEnums;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class RetentionClassConverter extends TextEnums.Converter<RetentionClass> {

    public RetentionClassConverter() {
        super(RetentionClass.class);
    }
}
