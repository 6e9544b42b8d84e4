package org.vaelab.experiments.plugins;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Binds {@code double} and {@code float} fields (of the config and of every plugin's spec) as Jackson
 * does, but rejects infinity and NaN: a learning rate of {@code 1e400} (which overflows to infinity) or
 * {@code "NaN"} (which Jackson accepts as a string even with coercion off) would otherwise reach training.
 */
final class FiniteNumbers {

    private FiniteNumbers() {}

    /** @return the module with the four deserializers */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("vaelab-finite-numbers");
        module.addDeserializer(Double.class, new FiniteDouble(Double.class, null));
        module.addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE, 0.0));
        module.addDeserializer(Float.class, new FiniteFloat(Float.class, null));
        module.addDeserializer(Float.TYPE, new FiniteFloat(Float.TYPE, 0.0f));
        return module;
    }

    private static InvalidFormatException notFinite(JsonParser p, Object value, Class<?> type) {
        return InvalidFormatException.from(p, value + " is not a finite number", value, type);
    }

    /** Jackson's {@code double} deserializer, then a check. */
    static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        private static final long serialVersionUID = 1L;

        FiniteDouble(Class<Double> type, Double nullValue) {
            super(type, nullValue);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Double value = super.deserialize(p, ctxt);
            if (value != null && !Double.isFinite(value)) {
                throw notFinite(p, value, handledType());
            }
            return value;
        }
    }

    /** Jackson's {@code float} deserializer, then a check (a float also overflows from values such as 1e39). */
    static final class FiniteFloat extends NumberDeserializers.FloatDeserializer {
        private static final long serialVersionUID = 1L;

        FiniteFloat(Class<Float> type, Float nullValue) {
            super(type, nullValue);
        }

        @Override
        public Float deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Float value = super.deserialize(p, ctxt);
            if (value != null && !Float.isFinite(value)) {
                throw notFinite(p, value, handledType());
            }
            return value;
        }
    }
}
