package dev.hvlab.core.decode;

import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.cpu.Undefined;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The A64 decoder, built at start-up from the encoding table and the semantic bindings: patterns
 * as mask/value pairs, bucketed by bits [28:21] of the word. Inside a bucket, patterns keep table
 * order, so the first pattern of an ordered group wins; standalone patterns never overlap (a test
 * proves it), so their order does not matter. Decoding is off the hot path: the CPU caches the
 * resulting {@link Op}s per physical page.
 */
public final class Decoder {
    private static final int BUCKET_SHIFT = 21;
    private static final int BUCKET_BITS = 8;

    private final DecodeTable table;
    private final Pattern[][] buckets;
    private final Map<String, OpFactory> bindings;

    public Decoder(DecodeTable table, Map<String, OpFactory> bindings) {
        this.table = table;
        this.bindings = Map.copyOf(bindings);
        int n = 1 << BUCKET_BITS;
        @SuppressWarnings("unchecked")
        List<Pattern>[] lists = new List[n];
        for (int b = 0; b < n; b++) {
            lists[b] = new ArrayList<>();
        }
        int keyMask = ((1 << BUCKET_BITS) - 1) << BUCKET_SHIFT;
        for (Pattern p : table.patterns()) {
            int pm = p.mask() & keyMask;
            int pv = p.value() & keyMask;
            for (int b = 0; b < n; b++) {
                if (((b << BUCKET_SHIFT) & pm) == pv) {
                    lists[b].add(p);
                }
            }
        }
        buckets = new Pattern[n][];
        for (int b = 0; b < n; b++) {
            buckets[b] = lists[b].toArray(new Pattern[0]);
        }
    }

    public DecodeTable table() {
        return table;
    }

    /** The pattern that matches {@code insn}, or null when the encoding is unallocated. */
    public Pattern match(int insn) {
        for (Pattern p : buckets[(insn >>> BUCKET_SHIFT) & ((1 << BUCKET_BITS) - 1)]) {
            if ((insn & p.mask()) == p.value()) {
                return p;
            }
        }
        return null;
    }

    /** True when a pattern matches and its factory accepts the fields. */
    public boolean isAllocated(int insn) {
        Pattern p = match(insn);
        if (p == null) {
            return false;
        }
        OpFactory f = bindings.get(p.name());
        return f != null && f.create(new Insn(p, insn)) != null;
    }

    /** Decodes one word; unallocated encodings give an {@link Undefined} op. */
    public Op decode(int insn) {
        Pattern p = match(insn);
        if (p != null) {
            OpFactory f = bindings.get(p.name());
            if (f != null) {
                Op op = f.create(new Insn(p, insn));
                if (op != null) {
                    return op;
                }
            }
        }
        return new Undefined(insn);
    }

    public boolean isBound(String patternName) {
        return bindings.containsKey(patternName);
    }
}
