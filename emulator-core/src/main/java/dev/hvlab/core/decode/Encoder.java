package dev.hvlab.core.decode;

/**
 * Builds instruction words from the encoding table: a pattern's fixed bits plus field values by
 * name. Fields not given are zero, except "should be one" fields, which default to all ones.
 * The in-Java assembler and the random generator are built on this.
 */
public final class Encoder {
    private final DecodeTable table;

    public Encoder(DecodeTable table) {
        this.table = table;
    }

    public static Encoder a64() {
        return new Encoder(DecodeTable.a64());
    }

    /**
     * Encodes {@code pattern} with fields given as name/value pairs, e.g.
     * {@code encode("ADD_i", "sf", 1, "imm12", 4, "rn", 1, "rd", 0)}. Values are truncated to the
     * field's width, so negative immediates may be passed directly.
     */
    public int encode(String pattern, Object... nameValuePairs) {
        Pattern p = table.pattern(pattern);
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("field name without a value for " + pattern);
        }
        int w = p.value();
        for (String sbo : p.shouldBeOne()) {
            Field f = p.field(sbo);
            w = f.insert(w, -1);
        }
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            Field f = p.field((String) nameValuePairs[i]);
            w = f.insert(w, ((Number) nameValuePairs[i + 1]).intValue());
        }
        return w;
    }
}
