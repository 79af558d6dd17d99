package dev.hvlab.core.difftest;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.decode.DecodeTable;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Field;
import dev.hvlab.core.decode.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws random programs from the encoding table, in the manner of risu: every generated pattern of
 * the integer, branch, load/store and barrier classes, fields filled at random, then constrained
 * so the program stays inside its scratch buffer and always runs forward to its epilogue (see the
 * header of {@code difftest/exclusions.txt} for the constraints and the excluded encodings).
 *
 * <p>The body is a list of groups: one random instruction, preceded by the set-up it needs (a base
 * or index register, a branch target in a register). Branches land only on group starts, so no
 * branch can skip a set-up and leave its instruction with a wild address.
 */
public final class ProgramGenerator {
    static final Set<String> CLASSES = Set.of("dp_imm", "dp_reg", "branch", "system",
            "ldst_excl", "ldst_lit", "ldst_pair", "ldst_reg");
    private static final int BASE = Program.BASE_REG;
    private static final int HALF = Program.SCRATCH_SIZE / 2;
    /** Fields some instruction writes: the body must never write the scratch base through them. */
    private static final Set<String> DEST_FIELDS = Set.of("rd", "rt", "rt2", "rs");
    private static final long[] SPECIAL = {0, 1, -1, 2, Long.MAX_VALUE, Long.MIN_VALUE, 0x7FFFFFFFL, 0x80000000L,
        0xFFFFFFFFL, 0x100000000L, 0xFFFFFFFF80000000L, 0x8000000000000001L};

    /** Instructions of the epilogue, which follows the body. */
    public static final int EPILOGUE_LENGTH = epilogue(0).length;

    private final DecodeTable table;
    private final Decoder decoder;
    private final Exclusions exclusions;
    private final List<Pattern> pool = new ArrayList<>();
    private final List<String> unbound = new ArrayList<>();
    /** The fraction of programs that end with one word hvlab's decoder rejects (both must raise SIGILL). */
    private final double unallocatedRate;

    public ProgramGenerator(Decoder decoder, Exclusions exclusions, double unallocatedRate) {
        this.decoder = decoder;
        this.table = decoder.table();
        this.exclusions = exclusions;
        this.unallocatedRate = unallocatedRate;
        for (Pattern p : table.patterns()) {
            if (p.generated() && CLASSES.contains(p.encodingClass())) {
                if (decoder.isBound(p.name())) {
                    pool.add(p);
                } else {
                    unbound.add(p.name()); // no semantics yet: it could only ever be UNDEFINED
                }
            }
        }
    }

    public List<Pattern> pool() {
        return pool;
    }

    /** Generatable patterns left out because hvlab binds no semantics to them yet. */
    public List<String> unbound() {
        return unbound;
    }

/** Stores X0-X30, SP and NZCV after the scratch area, writes both to stdout and exits. */
static int[] epilogue(long at) {
        Assembler a = new Assembler(at);
        for (int x = 0; x <= 30; x++) {
            a.str(x, BASE, HALF + 8 * x);
        }
        a.movSp(0, Assembler.SP).str(0, BASE, HALF + 8 * 31);
        // NZCV as MRS would read it (bits 31:28), built with CSET so no system instruction is needed
        a.emit("CSINC", "sf", 1, "rm", Assembler.XZR, "cond", Assembler.PL, "rn", Assembler.XZR, "rd", 0); // N
        int[] conds = {Assembler.NE, Assembler.CC, Assembler.VC};                                          // Z, C, V
        for (int cond : conds) {
            a.emit("CSINC", "sf", 1, "rm", Assembler.XZR, "cond", cond, "rn", Assembler.XZR, "rd", 1);
            a.emit("ADD_r", "sf", 1, "shift", 0, "rm", 0, "imm6", 1, "rn", 1, "rd", 0);                    // x0 = x1 + (x0 << 1)
        }
        a.emit("UBFM", "sf", 1, "N", 1, "immr", 64 - 28, "imms", 63 - 28, "rn", 0, "rd", 0);             // LSL #28
        a.str(0, BASE, HALF + 8 * 32);
        a.mov(0, 1).mov(1, Program.DATA_BASE).mov(2, Program.DATA_SIZE).mov(8, 64).svc(0);   // write(1, data, size)
        a.mov(0, 0).mov(8, 93).svc(0);                                                 // exit(0)
        return a.words();
    }

    /** A word and, for branches/ADR/literal loads, the group whose start it refers to. */
    private record Slot(int word, Pattern pattern, int target) {
        Slot(int word) {
            this(word, null, -1);
        }
    }

    /** Generates a program of at least {@code bodyInstructions} random-body instructions. */
    public Program generate(long seed, int bodyInstructions) {
        return new Build(seed).run(bodyInstructions);
    }

    private final class Build {
        final long seed;
        final SplittableRandom r;
        final List<List<Slot>> groups = new ArrayList<>();

        Build(long seed) {
            this.seed = seed;
            this.r = new SplittableRandom(seed);
        }

        Program run(int bodyInstructions) {
            byte[] data = new byte[Program.DATA_SIZE];
            for (int i = Program.SCRATCH_OFFSET; i < Program.DUMP_OFFSET; i++) {
                data[i] = (byte) r.nextInt(256);
            }
            int[] prologue = prologue();
            int n = 0;
            while (n < bodyInstructions) {
                List<Slot> g = group(groups.size());
                groups.add(g);
                n += g.size();
            }
            if (r.nextDouble() < unallocatedRate) {
                int w = unallocatedWord();
                if (w != 0) {
                    groups.add(List.of(new Slot(w)));
                }
            }
            return layout(prologue, data);
        }

        // ---------------------------------------------------------------------------------
        // Prologue and epilogue
        // ---------------------------------------------------------------------------------

        int[] prologue() {
            Assembler a = new Assembler(Program.CODE_BASE);
            a.mov(BASE, Program.BASE_VALUE);
            a.add(Assembler.SP, BASE, 16 * r.nextInt(-HALF / 16, HALF / 16));
            // NZCV from data processing alone (CMP then a CCMP whose condition fails and so loads
            // its immediate flags), so the frame does not depend on the system instructions.
            a.cmp(Assembler.XZR, 0);
            a.emit("CCMP_i", "sf", 1, "imm5", 0, "cond", Assembler.NE, "rn", Assembler.XZR, "nzcv", r.nextInt(16));
            for (int x = 0; x <= 30; x++) {
                if (x != BASE) {
                    a.mov(x, randomValue());
                }
            }
            return a.words();
        }

        long randomValue() {
            return switch (r.nextInt(8)) {
                case 0 -> r.nextInt();
                case 1 -> r.nextInt() & 0xFFFFFFFFL;
                case 2 -> r.nextInt(-16, 17);
                case 3 -> SPECIAL[r.nextInt(SPECIAL.length)];
                case 4 -> 1L << r.nextInt(64);
                case 5 -> Program.BASE_VALUE + r.nextInt(-HALF, HALF);
                default -> r.nextLong();
            };
        }

        Program layout(int[] prologue, byte[] data) {
            int[] start = new int[groups.size() + 1];
            int at = prologue.length;
            for (int i = 0; i < groups.size(); i++) {
                start[i] = at;
                at += groups.get(i).size();
            }
            start[groups.size()] = at;
            int[] epilogue = epilogue(Program.CODE_BASE + 4L * at);
            int[] code = new int[at + epilogue.length];
            System.arraycopy(prologue, 0, code, 0, prologue.length);
            System.arraycopy(epilogue, 0, code, at, epilogue.length);
            for (int i = 0; i < groups.size(); i++) {
                int pos = start[i];
                for (Slot s : groups.get(i)) {
                    int w = s.word;
                    if (s.target >= 0) {
                        w = resolve(s, w, start[Math.min(s.target, groups.size())] - pos);
                    }
                    code[pos++] = w;
                }
            }
            return new Program(seed, code, prologue.length, data);
        }

        int resolve(Slot s, int w, int words) {
            Pattern p = s.pattern;
            if (p.hasField("imm26")) {
                return p.field("imm26").insert(w, words);
            }
            if (p.hasField("imm19") && !p.name().startsWith("ADR")) {
                return p.field("imm19").insert(w, words);
            }
            if (p.hasField("imm14")) {
                return p.field("imm14").insert(w, words);
            }
            int bytes = 4 * words; // ADR
            return p.field("immhi").insert(p.field("immlo").insert(w, bytes & 3), bytes >> 2);
        }

        // ---------------------------------------------------------------------------------
        // Body groups
        // ---------------------------------------------------------------------------------

        List<Slot> group(int index) {
            for (int attempt = 0; attempt < 1000; attempt++) {
                Pattern p = pool.get(r.nextInt(pool.size()));
                List<Slot> g = switch (p.encodingClass()) {
                    case "branch" -> branch(p, index);
                    case "ldst_lit" -> List.of(new Slot(fill(p), p, r.nextInt(0, index + 16)));
                    case "ldst_excl" -> exclusive(p);
                    case "ldst_reg", "ldst_pair" -> loadStore(p);
                    default -> List.of(new Slot(fill(p)));
                };
                if (g != null && acceptable(g)) {
                    return g;
                }
            }
            throw new IllegalStateException("no acceptable instruction group in 1000 draws");
        }

        /** Every word is allocated (hvlab's decoder has semantics for it) and not excluded. */
        boolean acceptable(List<Slot> g) {
            for (Slot s : g) {
                Pattern p = decoder.match(s.word);
                if (p == null || exclusions.reason(p, s.word) != null) {
                    return false;
                }
                if (!decoder.isAllocated(s.word)) {
                    return false;
                }
            }
            return true;
        }

        /** A word hvlab's decoder rejects although its pattern is bound, or 0 when none turns up. */
        int unallocatedWord() {
            for (int attempt = 0; attempt < 2000; attempt++) {
                Pattern p = pool.get(r.nextInt(pool.size()));
                int w = p.value() | (r.nextInt() & ~p.mask());
                if (decoder.match(w) == p && decoder.isBound(p.name()) && !decoder.isAllocated(w)) {
                    return w;
                }
            }
            return 0;
        }

        /** The pattern's fixed bits, random fields, SBO fields set, and no write to the scratch base. */
        int fill(Pattern p) {
            int w = p.value() | (r.nextInt() & ~p.mask());
            for (String sbo : p.shouldBeOne()) {
                w = p.field(sbo).insert(w, -1);
            }
            for (Field f : p.fields()) {
                if (DEST_FIELDS.contains(f.name()) && !p.shouldBeOne().contains(f.name()) && f.extract(w) == BASE) {
                    w = f.insert(w, r.nextInt(BASE));
                }
            }
            return w;
        }

        int otherReg(int... avoid) {
            while (true) {
                int x = r.nextInt(31);
                boolean ok = x != BASE;
                for (int a : avoid) {
                    ok &= x != a;
                }
                if (ok) {
                    return x;
                }
            }
        }

        List<Slot> branch(Pattern p, int index) {
            int target = index + 1 + r.nextInt(4);
            int w = fill(p);
            if (p.hasField("rn")) { // BR, BLR, RET: to an address ADR computed just before
                int rn = otherReg();
                w = p.field("rn").insert(w, rn);
                Pattern adr = table.pattern("ADR");
                return List.of(new Slot(adr.field("rd").insert(adr.value(), rn), adr, target), new Slot(w));
            }
            return List.of(new Slot(w, p, target));
        }

        // ---------------------------------------------------------------------------------
        // Loads and stores
        // ---------------------------------------------------------------------------------

        List<Slot> loadStore(Pattern p) {
            int w = fill(p);
            String form = p.name().substring(p.name().indexOf('_') + 1);
            boolean pair = p.encodingClass().equals("ldst_pair");
            int bytes;
            long off;
            if (pair) {
                bytes = (p.field("opc").extract(w) & 2) != 0 ? 8 : 4;
                off = sext(p, w, "imm7") * bytes;
                bytes *= 2;
            } else {
                bytes = 1 << p.field("size").extract(w);
                switch (form) {
                    case "uoff" -> {
                        int imm12 = r.nextInt(0, 1 + (HALF - 64) / bytes);
                        w = p.field("imm12").insert(w, imm12);
                        off = (long) imm12 * bytes;
                    }
                    case "roff" -> off = 0;
                    default -> off = sext(p, w, "imm9");
                }
            }
            boolean writeback = form.equals("pre") || form.equals("post");
            long addressOff = form.equals("post") ? 0 : off;
            List<Slot> g = new ArrayList<>();
            int base = BASE;
            if (writeback || r.nextInt(4) == 0) {
                base = r.nextInt(5) == 0 ? Assembler.SP : otherReg();
                long reach = form.equals("roff") ? 128 * 8 : 0; // the index register's range
                long bo = baseOffset(addressOff - reach, addressOff + reach, bytes);
                g.add(new Slot(setBase(base, bo)));
            }
            w = p.field("rn").insert(w, base);
            if (form.equals("roff")) {
                int index = otherReg(base);
                Field option = p.field("option");
                int opt = option.extract(w) | 2;           // option<1> == 0 is unallocated
                w = option.insert(w, opt);
                long v = opt == 2 ? r.nextInt(0, 128) : r.nextInt(-128, 128); // UXTW must stay small unsigned
                Assembler a = new Assembler(0);
                a.mov(index, v);
                for (int x : a.words()) {
                    g.add(new Slot(x));
                }
                w = p.field("rm").insert(w, index);
            }
            g.add(new Slot(w));
            return g;
        }

        /**
         * A 16-byte-aligned offset from the scratch base for a temporary base register, such that
         * a {@code span}-byte access at {@code bo + off}, for any off in [offMin, offMax], stays
         * inside the scratch buffer.
         */
        long baseOffset(long offMin, long offMax, int span) {
            long lo = -HALF - offMin;
            long hi = HALF - span - offMax;
            lo = Math.max(lo, -4080); // ADD/SUB (immediate) reach
            hi = Math.min(hi, 4080);
            long b = r.nextLong(Math.floorDiv(lo + 15, 16), Math.floorDiv(hi, 16) + 1);
            return 16 * b;
        }

        int setBase(int reg, long bo) {
            Assembler a = new Assembler(0);
            a.add(reg, BASE, bo);
            return a.words()[0];
        }

        List<Slot> exclusive(Pattern p) {
            String n = p.name();
            if (n.equals("LDAR") || n.equals("STLR")) {
                int w = fill(p);
                List<Slot> g = new ArrayList<>();
                int base = BASE;
                if (r.nextBoolean()) {
                    base = r.nextInt(5) == 0 ? Assembler.SP : otherReg();
                    g.add(new Slot(setBase(base, baseOffset(0, 0, 16))));
                }
                g.add(new Slot(p.field("rn").insert(w, base)));
                return g;
            }
            boolean pair = n.endsWith("P");
            String load = (r.nextBoolean() ? "LDAX" : "LDX") + (pair ? "P" : "R");
            String store = (r.nextBoolean() ? "STLX" : "STX") + (pair ? "P" : "R");
            String sizeField = pair ? "sz" : "size";
            int size = p.field(sizeField).extract(fill(p));
            List<Slot> g = new ArrayList<>();
            int base = BASE;
            if (r.nextBoolean()) {
                base = r.nextInt(5) == 0 ? Assembler.SP : otherReg();
                g.add(new Slot(setBase(base, baseOffset(0, 0, 16))));
            }
            Pattern ps = table.pattern(store);
            int st = fill(ps);
            st = ps.field(sizeField).insert(st, size);
            st = ps.field("rn").insert(st, base);
            if (r.nextInt(5) == 0) { // a lone store-exclusive: the monitor is closed, so it must fail
                g.add(new Slot(table.pattern("CLREX").value() | 0xF << 8));
            } else {
                Pattern pl = table.pattern(load);
                int ld = fill(pl);
                ld = pl.field(sizeField).insert(ld, size);
                ld = pl.field("rn").insert(ld, base);
                // the loaded registers must not clobber the base the store-exclusive still needs
                ld = pl.field("rt").insert(ld, otherReg(base));
                if (pair) {
                    ld = pl.field("rt2").insert(ld, otherReg(base));
                }
                g.add(new Slot(ld));
            }
            g.add(new Slot(st));
            return g;
        }

        long sext(Pattern p, int w, String field) {
            Field f = p.field(field);
            int shift = 32 - f.len();
            return (f.extract(w) << shift) >> shift;
        }
    }
}
