package dev.hvlab.core.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A device tree node: a name (with its unit address, e.g. {@code serial@5a060000}), properties in
 * insertion order and children. Values are stored as the raw big-endian bytes the flattened form
 * carries (Devicetree Specification v0.4, section 2.2.4).
 */
public final class FdtNode {
    private final String name;
    private final Map<String, byte[]> properties = new LinkedHashMap<>();
    private final List<FdtNode> children = new ArrayList<>();

    public FdtNode(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public Map<String, byte[]> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public List<FdtNode> children() {
        return Collections.unmodifiableList(children);
    }

    /** Adds a child node and returns it. */
    public FdtNode child(String childName) {
        FdtNode n = new FdtNode(childName);
        children.add(n);
        return n;
    }

    /** The child with exactly this name, or null. */
    public FdtNode find(String childName) {
        for (FdtNode c : children) {
            if (c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    /** An empty (boolean) property. */
    public FdtNode flag(String prop) {
        properties.put(prop, new byte[0]);
        return this;
    }

    /** A string or string-list property. */
    public FdtNode strings(String prop, String... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            byte[] s = v.getBytes(StandardCharsets.US_ASCII);
            b.write(s, 0, s.length);
            b.write(0);
        }
        properties.put(prop, b.toByteArray());
        return this;
    }

    /** A property of 32-bit cells. */
    public FdtNode cells(String prop, int... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            putU32(b, i * 4, values[i]);
        }
        properties.put(prop, b);
        return this;
    }

    /** A property of 64-bit values, each written as two cells (for #address-cells/#size-cells = 2). */
    public FdtNode cells64(String prop, long... values) {
        byte[] b = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            putU32(b, i * 8, (int) (values[i] >>> 32));
            putU32(b, i * 8 + 4, (int) values[i]);
        }
        properties.put(prop, b);
        return this;
    }

    public FdtNode bytes(String prop, byte[] value) {
        properties.put(prop, value.clone());
        return this;
    }

    public byte[] property(String prop) {
        byte[] v = properties.get(prop);
        return v == null ? null : v.clone();
    }

    /** The property as a list of 32-bit cells. */
    public int[] cellsOf(String prop) {
        byte[] v = properties.get(prop);
        if (v == null) {
            return null;
        }
        int[] out = new int[v.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((v[4 * i] & 0xFF) << 24) | ((v[4 * i + 1] & 0xFF) << 16) | ((v[4 * i + 2] & 0xFF) << 8) | (v[4 * i + 3] & 0xFF);
        }
        return out;
    }

    /** The property as NUL-separated strings. */
    public List<String> stringsOf(String prop) {
        byte[] v = properties.get(prop);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                out.add(new String(v, start, i - start, StandardCharsets.US_ASCII));
                start = i + 1;
            }
        }
        return out;
    }

    static void putU32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
