package dev.custodian.ledger.entity;

import dev.custodian.persistence.TextEnums;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class ObjectStateConverter extends TextEnums.Converter<ObjectState> {

    public ObjectStateConverter() {
        super(ObjectState.class);
    }
}
