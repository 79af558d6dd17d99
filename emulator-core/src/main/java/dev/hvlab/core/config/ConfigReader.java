package dev.hvlab.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads every hvlab configuration file (board, run and hypervisor configs): JSON into an
 * immutable record, strictly. Unknown fields, missing fields, nulls, duplicate keys and values of
 * the wrong type are all rejected with one line naming the file, the line and column, the field
 * and the problem. Every record component is required. Records check their own value rules in
 * their compact constructors by throwing {@link IllegalArgumentException}; that message is
 * reported the same way.
 *
 * <p>Integers (Java {@code long}) may also be written as strings in hexadecimal, {@code
 * "0x5a06_0000"}, because addresses and sizes are read that way in every datasheet.
 */
public final class ConfigReader {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(new SimpleModule("hvlab-config")
                    .addDeserializer(Long.class, new LongOrHexDeserializer())
                    .addDeserializer(long.class, new LongOrHexDeserializer()))
            .build();

    private static final Pattern MISSING = Pattern.compile("Missing (?:required )?creator property '([^']*)'");
    private static final Pattern NULL = Pattern.compile("Null value for creator property '([^']*)'");

    private ConfigReader() {
    }

    /** Reads {@code file} into a {@code type}; every problem is a {@link UserInputException}. */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, "config file", type);
    }

    /**
     * Reads {@code file} into a {@code type}.
     *
     * @param what what the file is, for the message when it is missing ("board config")
     */
    public static <T> T read(Path file, String what, Class<T> type) {
        InputFiles.requireReadable(file, what);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), type);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + what + " '" + file + "': " + e.getMessage(), e);
        }
    }

    /**
     * Reads a config from a stream (e.g. a resource shipped in a jar).
     *
     * @param source how to name the stream in error messages
     */
    public static <T> T read(InputStream in, String source, Class<T> type) throws IOException {
        byte[] json = in.readAllBytes();
        try (JsonParser parser = MAPPER.createParser(json)) {
            try {
                new UnknownFieldScan(source).scan(parser, type);
            } catch (JsonProcessingException e) {
                throw new UserInputException(describe(source, e, parser.currentToken()), e);
            }
        }
        try (JsonParser parser = MAPPER.createParser(json)) {
            try {
                return MAPPER.readValue(parser, type);
            } catch (JsonProcessingException e) {
                // Described before the parser closes: the message quotes its current token.
                throw new UserInputException(describe(source, e, parser.currentToken()), e);
            }
        }
    }

    static String describe(String source, JsonProcessingException e, JsonToken token) {
        return where(source, e.getLocation()) + ": " + problem(e, token);
    }

    static String where(String source, JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return source;
        }
        return source + ":" + location.getLineNr() + ":" + location.getColumnNr();
    }

    private static String problem(JsonProcessingException e, JsonToken token) {
        String message = firstLine(e.getOriginalMessage());
        if (e instanceof UnrecognizedPropertyException u) {
            List<JsonMappingException.Reference> path = u.getPath();
            return "unknown field '" + u.getPropertyName() + "'" + in(path.subList(0, Math.max(0, path.size() - 1)))
                    + " (known fields: " + known(u.getKnownPropertyIds()) + ")";
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause() != null ? v.getCause() : v;
            String where = path(v.getPath());
            return "invalid " + (where.isEmpty() ? "value" : "'" + where + "'") + ": " + cause.getMessage();
        }
        if (e instanceof MismatchedInputException m) {
            Matcher missing = MISSING.matcher(message);
            if (missing.find()) {
                return "missing required field '" + missing.group(1) + "'" + in(parent(m.getPath(), missing.group(1)));
            }
            Matcher nul = NULL.matcher(message);
            if (nul.find()) {
                return "field '" + nul.group(1) + "'" + in(parent(m.getPath(), nul.group(1))) + " must not be null";
            }
            String field = path(m.getPath());
            String got = m instanceof InvalidFormatException f ? "\"" + f.getValue() + "\"" : tokenName(token);
            return "wrong type for " + (field.isEmpty() ? "the document" : "field '" + field + "'")
                    + ": expected " + typeName(m.getTargetType()) + ", got " + got;
        }
        if (e instanceof JsonMappingException) {
            return message;
        }
        return "invalid JSON: " + message;
    }

    /** The path without its last step when that step is the field {@code name} itself. */
    private static List<JsonMappingException.Reference> parent(List<JsonMappingException.Reference> path, String name) {
        if (!path.isEmpty() && name.equals(path.get(path.size() - 1).getFieldName())) {
            return path.subList(0, path.size() - 1);
        }
        return path;
    }

    private static String in(List<JsonMappingException.Reference> path) {
        String p = path(path);
        return p.isEmpty() ? "" : " in '" + p + "'";
    }

    /** Renders a Jackson reference path as {@code clusters[1].cpus}. */
    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "none";
        }
        return ids.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new))
                .stream().collect(Collectors.joining(", "));
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a value";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class) {
            return "an integer" + (type == long.class || type == Long.class ? " (or a hex string like \"0x1000\")" : "");
        }
        if (type == double.class || type == float.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "an object";
        }
        return type.getSimpleName();
    }

    private static String tokenName(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        switch (token) {
            case START_OBJECT:
            case END_OBJECT:
            case FIELD_NAME:
                return "an object";
            case START_ARRAY:
            case END_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a fractional number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.toString();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
