package dev.hvlab.core.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The A64 encoding table ({@code a64.decode}), parsed. The file's header documents the syntax.
 * This is the one source from which the decoder, disassembler, generator and coverage report
 * are built.
 */
public final class DecodeTable {
    private static final String RESOURCE = "a64.decode";
    private static volatile DecodeTable a64;

    private final List<Pattern> patterns;
    private final Map<String, Pattern> byName;

    private DecodeTable(List<Pattern> patterns) {
        this.patterns = Collections.unmodifiableList(patterns);
        Map<String, Pattern> m = new HashMap<>();
        for (Pattern p : patterns) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalStateException("a64.decode line " + p.line() + ": duplicate pattern " + p.name());
            }
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /** The built-in A64 table, parsed once. */
    public static DecodeTable a64() {
        DecodeTable t = a64;
        if (t == null) {
            synchronized (DecodeTable.class) {
                t = a64;
                if (t == null) {
                    try (InputStream in = DecodeTable.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("missing resource " + RESOURCE);
                        }
                        t = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    a64 = t;
                }
            }
        }
        return t;
    }

    public List<Pattern> patterns() {
        return patterns;
    }

    public Pattern pattern(String name) {
        Pattern p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no pattern " + name);
        }
        return p;
    }

    public static DecodeTable parse(String text) {
        List<Pattern> out = new ArrayList<>();
        int lineNo = 0;
        int group = -1;
        int nextGroup = 0;
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String raw;
            while ((raw = r.readLine()) != null) {
                lineNo++;
                int hash = raw.indexOf('#');
                String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.equals("{")) {
                    if (group >= 0) {
                        throw error(lineNo, "nested groups are not supported");
                    }
                    group = nextGroup++;
                    continue;
                }
                if (line.equals("}")) {
                    if (group < 0) {
                        throw error(lineNo, "'}' without '{'");
                    }
                    group = -1;
                    continue;
                }
                out.add(parsePattern(line, lineNo, group));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (group >= 0) {
            throw error(lineNo, "unterminated group");
        }
        return new DecodeTable(out);
    }

    private static Pattern parsePattern(String line, int lineNo, int group) {
        String[] tok = line.split("\\s+");
        String name = tok[0];
        int pos = 32;
        int mask = 0;
        int value = 0;
        List<Field> fields = new ArrayList<>();
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 1; i < tok.length; i++) {
            String t = tok[i];
            int eq = t.indexOf('=');
            if (eq > 0) {
                attrs.put(t.substring(0, eq), t.substring(eq + 1));
                continue;
            }
            if (!attrs.isEmpty()) {
                throw error(lineNo, name + ": bits after attributes: " + t);
            }
            int colon = t.indexOf(':');
            if (colon > 0) {
                String fname = t.substring(0, colon);
                int len;
                try {
                    len = Integer.parseInt(t.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw error(lineNo, name + ": bad field " + t);
                }
                pos -= len;
                if (pos < 0) {
                    throw error(lineNo, name + ": more than 32 bits");
                }
                for (Field f : fields) {
                    if (f.name().equals(fname)) {
                        throw error(lineNo, name + ": field " + fname + " appears twice");
                    }
                }
                fields.add(new Field(fname, pos, len));
                continue;
            }
            for (char c : t.toCharArray()) {
                pos--;
                if (pos < 0) {
                    throw error(lineNo, name + ": more than 32 bits");
                }
                switch (c) {
                    case '0' -> mask |= 1 << pos;
                    case '1' -> {
                        mask |= 1 << pos;
                        value |= 1 << pos;
                    }
                    case '.', '-' -> { }
                    default -> throw error(lineNo, name + ": bad bit '" + c + "' in " + t);
                }
            }
        }
        if (pos != 0) {
            throw error(lineNo, name + ": covers " + (32 - pos) + " bits, not 32");
        }
        return new Pattern(name, mask, value, List.copyOf(fields), group, Map.copyOf(attrs), lineNo);
    }

    private static IllegalArgumentException error(int line, String msg) {
        return new IllegalArgumentException("a64.decode line " + line + ": " + msg);
    }
}
