package dev.hvlab.core.timing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One parameter file of the timing model (a core type or a board's memory system): a JSON tree in
 * which every number is an object {@code {"value": ..., "source": "..."}}, so that no value exists
 * without the document it comes from. Reading a value without a source is an error.
 */
public final class Parameters {
    private final String name;
    private final JsonNode root;

    private Parameters(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    /** Loads {@code dev/hvlab/core/timing/<name>.json} from the class path. */
    public static Parameters load(String name) {
        String path = name + ".json";
        try (InputStream in = Parameters.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no timing parameters for '" + name + "' (" + path + ")");
            }
            return new Parameters(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("timing parameters " + path, e);
        }
    }

    public String name() {
        return name;
    }

    /**
     * A copy with the value at {@code path} (which must exist) replaced by {@code value}, its source
     * saying so: a user's what-if, such as a slower exception entry.
     */
    public Parameters with(String path, double value) {
        entry(path); // exists, with a value and a source
        JsonNode copy = root.deepCopy();
        String[] parts = path.split("\\.");
        JsonNode n = copy;
        for (int i = 0; i < parts.length - 1; i++) {
            n = n.get(parts[i]);
        }
        com.fasterxml.jackson.databind.node.ObjectNode leaf =
                (com.fasterxml.jackson.databind.node.ObjectNode) n.get(parts[parts.length - 1]);
        leaf.put("value", value);
        leaf.put("source", "override: set by the user (was " + entry(path).get("value").asText() + ")");
        return new Parameters(name, copy);
    }

    /** The value at a dotted path ({@code caches.l1d.size}). */
    public double value(String path) {
        JsonNode n = entry(path).get("value");
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException(name + ": " + path + " has no numeric value");
        }
        return n.asDouble();
    }

    public int intValue(String path) {
        return (int) value(path);
    }

    public String text(String path) {
        return entry(path).get("value").asText();
    }

    /** Where {@code path}'s value comes from. */
    public String source(String path) {
        return entry(path).get("source").asText();
    }

    private JsonNode entry(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n.get(part);
            if (n == null) {
                throw new IllegalArgumentException(name + ": no parameter " + path);
            }
        }
        if (!n.has("value") || !n.has("source") || n.get("source").asText().isBlank()) {
            throw new IllegalArgumentException(name + ": " + path + " needs a value and a source");
        }
        return n;
    }

    /** Every parameter path in the file (for the sourcing test). */
    public java.util.List<String> paths() {
        java.util.List<String> out = new java.util.ArrayList<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonNode n, String prefix, java.util.List<String> out) {
        if (n.has("value")) {
            out.add(prefix);
            return;
        }
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                collect(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        });
    }
}
