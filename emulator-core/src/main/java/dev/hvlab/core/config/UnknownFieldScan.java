package dev.hvlab.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the first unknown field in a config document before it is bound. Jackson reports unknown
 * fields of a record only after building it, so a misspelt field would otherwise surface as the
 * "missing" field it was meant to be; naming the misspelling is more useful. The field names of a
 * config record are its component names. Walks records and lists of records; anything else (a
 * scalar, a map) is accepted as it is and left to Jackson.
 */
final class UnknownFieldScan {
    private final String source;

    UnknownFieldScan(String source) {
        this.source = source;
    }

    /** Scans the value at the parser's next token, expected to be a {@code type}. */
    void scan(JsonParser p, Type type) throws IOException {
        p.nextToken();
        value(p, type, "");
    }

    private void value(JsonParser p, Type type, String path) throws IOException {
        JsonToken t = p.currentToken();
        Class<?> raw = raw(type);
        if (t == JsonToken.START_OBJECT && raw != null && raw.isRecord()) {
            Map<String, Type> fields = new TreeMap<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                fields.put(c.getName(), c.getGenericType());
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                Type fieldType = fields.get(name);
                if (fieldType == null) {
                    throw new UserInputException(ConfigReader.where(source, p.currentTokenLocation())
                            + ": unknown field '" + name + "'" + (path.isEmpty() ? "" : " in '" + path + "'")
                            + " (known fields: " + String.join(", ", fields.keySet()) + ")");
                }
                p.nextToken();
                value(p, fieldType, path.isEmpty() ? name : path + "." + name);
            }
        } else if (t == JsonToken.START_ARRAY && raw != null && Collection.class.isAssignableFrom(raw)
                && type instanceof ParameterizedType pt) {
            Type element = pt.getActualTypeArguments()[0];
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value(p, element, path + "[" + i++ + "]");
            }
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
