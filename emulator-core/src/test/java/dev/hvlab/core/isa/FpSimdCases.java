package dev.hvlab.core.isa;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Field;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.mem.PhysicalMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The random FP/AdvSIMD cases of the oracle tests and their hvlab side. A case is one instruction
 * word from the encoding table (register fields limited to 0-3) with its inputs, an
 * {@value #IN}-byte little-endian record: word (u32, then 4 bytes of padding), FPCR, X0-X3, NZCV
 * (bits 31:28), padding, Q0-Q3. Its outcome is {@value #OUT} bytes: Q0-Q3, X0-X3, FPSR, NZCV, i.e.
 * {@value #WORDS} longs in the order {@link #NAMES} gives.
 */
final class FpSimdCases {
    static final int IN = 128;
    static final int OUT = 112;
    static final int WORDS = OUT / 8;
    static final String[] NAMES = {"v0lo", "v0hi", "v1lo", "v1hi", "v2lo", "v2hi", "v3lo", "v3hi", "x0", "x1", "x2",
        "x3", "fpsr", "nzcv"};
    private static final long RAM = 0x4000_0000L;

    private final Decoder dec = A64.decoder();
    private final List<Pattern> pats = new ArrayList<>();
    private final Cpu cpu;
    private final long[] mine = new long[WORDS];
    private final long[] theirs = new long[WORDS];
    private final Map<String, List<String>> mismatches = new LinkedHashMap<>();
    private long compared;
    private long bad;

    /** {@code only}: a regular expression on pattern names, or "" for every FP/AdvSIMD pattern. */
    FpSimdCases(String only) {
        for (Pattern p : dec.table().patterns()) {
            String c = p.encodingClass();
            if ((c.startsWith("fp_") || c.startsWith("simd_")) && (only.isEmpty() || p.name().matches(only))) {
                pats.add(p);
            }
        }
        PhysicalMemory mem = new PhysicalMemory();
        mem.addRam(RAM, 1 << 16);
        cpu = new Cpu(0, mem, dec);
    }

    /** Fills record {@code k} of {@code b} with a fresh case drawn from {@code r}. */
    void generate(Random r, ByteBuffer b, int k) {
        int w;
        do {
            Pattern p = pats.get(r.nextInt(pats.size()));
            w = (r.nextInt() & ~p.mask()) | p.value();
            for (Field f : p.fields()) {
                if (f.name().matches("r[dnmat]|rt2") && f.len() == 5) {
                    w = (w & ~(31 << f.pos())) | (r.nextInt(4) << f.pos());
                }
            }
        } while (dec.match(w) == null || !pats.contains(dec.match(w)) || !dec.isAllocated(w));
        int base = k * IN;
        b.putLong(base, w & 0xFFFFFFFFL);
        long fpcr = ((long) r.nextInt(4) << 22) | (r.nextInt(3) == 0 ? 1L << 24 : 0) | (r.nextInt(3) == 0 ? 1L << 25 : 0)
                | (r.nextInt(8) == 0 ? 1L << 26 : 0);
        b.putLong(base + 8, fpcr);
        for (int x = 0; x < 4; x++) {
            b.putLong(base + 16 + 8 * x, FpEdgeValues.gpr(r));
        }
        b.putLong(base + 48, (long) r.nextInt(16) << 28);
        b.putLong(base + 56, 0);
        for (int h = 0; h < 8; h++) {
            b.putLong(base + 64 + 8 * h, FpEdgeValues.half(r));
        }
    }

    static ByteBuffer le(byte[] a) {
        return ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Runs case {@code k} of {@code in} on hvlab and compares the outcome with record {@code k} of
     * {@code out} (qemu's); returns whether they agree and keeps up to three examples per pattern.
     */
    boolean check(ByteBuffer in, int k, ByteBuffer out) {
        int base = k * IN;
        int word = in.getInt(base);
        cpu.fpcr = (int) in.getLong(base + 8);
        for (int x = 0; x < 4; x++) {
            cpu.x[x] = in.getLong(base + 16 + 8 * x);
        }
        cpu.setNzcv((int) (in.getLong(base + 48) >>> 28));
        for (int h = 0; h < 8; h++) {
            cpu.vreg[h] = in.getLong(base + 64 + 8 * h);
        }
        cpu.fpsr = 0;
        dec.decode(word).exec(cpu, RAM);
        System.arraycopy(cpu.vreg, 0, mine, 0, 8);
        for (int x = 0; x < 4; x++) {
            mine[8 + x] = cpu.x[x];
        }
        mine[12] = cpu.fpsr & 0xFFFFFFFFL;
        mine[13] = cpu.nzcv() & 0xF0000000L;
        for (int j = 0; j < WORDS; j++) {
            theirs[j] = out.getLong(k * OUT + 8 * j);
        }
        theirs[13] &= 0xF0000000L;
        compared++;
        if (java.util.Arrays.equals(mine, theirs)) {
            return true;
        }
        bad++;
        String name = dec.match(word).name();
        List<String> l = mismatches.computeIfAbsent(name, n -> new ArrayList<>());
        if (l.size() < 3) {
            StringBuilder sb = new StringBuilder(String.format("  %08x fpcr=%08x nzcv=%x in:", word, in.getLong(base + 8),
                    in.getLong(base + 48) >>> 28));
            for (int h = 0; h < 8; h++) {
                sb.append(String.format(" %016x", in.getLong(base + 64 + 8 * h)));
            }
            sb.append(String.format(" x=%x,%x,%x,%x%n", in.getLong(base + 16), in.getLong(base + 24),
                    in.getLong(base + 32), in.getLong(base + 40)));
            for (int j = 0; j < WORDS; j++) {
                if (mine[j] != theirs[j]) {
                    sb.append(String.format("    %s hvlab=%016x qemu=%016x%n", NAMES[j], mine[j], theirs[j]));
                }
            }
            l.add(sb.toString());
        }
        return false;
    }

    long compared() {
        return compared;
    }

    long mismatches() {
        return bad;
    }

    /** The mismatching patterns with up to three examples each. */
    String report() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, List<String>> e : mismatches.entrySet()) {
            s.append(e.getKey()).append('\n');
            e.getValue().forEach(s::append);
        }
        return s.toString();
    }

    String summary() {
        return bad + " of " + compared + " mismatches in " + mismatches.keySet();
    }
}
