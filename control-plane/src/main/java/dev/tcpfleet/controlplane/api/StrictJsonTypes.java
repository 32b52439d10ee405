package dev.tcpfleet.controlplane.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Each JSON type binds only to its own: a value of another type is refused with the field named, never converted.
 * Jackson would otherwise take {@code "name": 7} as the name "7", {@code "minutes": "20"} as 20,
 * {@code "minutes": 2.5} as 2 and {@code "enabled": "true"} or {@code 1} as true, so a client's wrong type would
 * pass unnoticed. A whole number where a fraction is allowed ({@code "threshold": 100}) is the same number, and stays.
 */
@Singleton
public class StrictJsonTypes implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Integer, CoercionInputShape.Float);
    }

    private static void refuse(ObjectMapper mapper, LogicalType type, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
