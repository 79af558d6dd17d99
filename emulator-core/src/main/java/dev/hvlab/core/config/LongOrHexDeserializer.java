package dev.hvlab.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;

/**
 * A {@code long} written either as a JSON integer or as a hexadecimal string ({@code "0x5a060000"},
 * underscores allowed between digits), read as an unsigned 64-bit value. Anything else is a type
 * error.
 */
final class LongOrHexDeserializer extends StdScalarDeserializer<Long> {
    private static final long serialVersionUID = 1L;

    LongOrHexDeserializer() {
        super(Long.class);
    }

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String text = p.getText().trim();
            Long value = parseHex(text);
            if (value != null) {
                return value;
            }
            return (Long) ctxt.handleWeirdStringValue(Long.class, text,
                    "expected an integer or a hexadecimal string like \"0x1000\"");
        }
        return (Long) ctxt.handleUnexpectedToken(Long.class, p);
    }

    static Long parseHex(String text) {
        if (!(text.startsWith("0x") || text.startsWith("0X"))) {
            return null;
        }
        String digits = text.substring(2);
        if (digits.isEmpty() || digits.startsWith("_") || digits.endsWith("_")) {
            return null;
        }
        try {
            return Long.parseUnsignedLong(digits.replace("_", ""), 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
