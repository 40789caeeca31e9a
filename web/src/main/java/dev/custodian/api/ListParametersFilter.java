package dev.custodian.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import java.math.BigDecimal;

/**
 * Resources take {@code limit} as text, so that a bad one is a 400 naming it (see
 * {@link Cursors#limit}); the published contract still says what it is: a whole number 1..1000.
 */
public class ListParametersFilter implements OASFilter {

    @Override
    public Parameter filterParameter(Parameter parameter) {
        if ("limit".equals(parameter.getName()) && parameter.getIn() == Parameter.In.QUERY) {
            parameter.setSchema(OASFactory.createSchema().type(Schema.SchemaType.INTEGER)
                    .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1000)).defaultValue(100));
            parameter.setDescription("page size, a whole number 1..1000 (default 100)");
        }
        return parameter;
    }
}
