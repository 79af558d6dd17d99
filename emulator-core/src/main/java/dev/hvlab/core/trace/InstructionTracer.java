package dev.hvlab.core.trace;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.StateTracer;
import dev.hvlab.core.cpu.Translator;
import dev.hvlab.core.disasm.Disassembler;
import dev.hvlab.core.mem.Page;
import dev.hvlab.core.sysreg.SystemInstruction;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The per-instruction part of tracing, called before each instruction: {@code insn} lines, and
 * from the instruction word alone the system instructions: MSR (the value written is Xt now), MRS
 * (the value read is Xt once it retired: written before the CPU's next instruction, or reported as
 * trapped if it raised an exception instead), MSR to PSTATE fields, SYS (TLBI under {@code mmu},
 * the others under {@code sysreg}).
 *
 * <p>The instruction word is read through the CPU's translation with a one-page cache per CPU,
 * keyed by EL and page, dropped at every system instruction and exception return (the only
 * instructions that can change the translation of code architecturally, with TLB maintenance).
 */
final class InstructionTracer implements StateTracer {
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int ERET = 0xD69F03E0;

    private final TraceLog log;
    private final boolean insn;
    private final boolean sysreg;
    private final boolean mmu;
    private final Disassembler disassembler = new Disassembler();
    private final StateTracer[] previous;
    // per CPU
    private final long[] cachedVpn;
    private final int[] cachedEl;
    private final Page[] cachedPage;
    private final int[] pendingMrs;
    private final long[] pendingMrsPc;
    private final long[] pendingMrsCount;
    private final int[] pendingMrsEl;
    private final int[] pendingMrsKey;

    InstructionTracer(TraceLog log, List<Cpu> cpus) {
        this.log = log;
        this.insn = log.options().has(TraceKind.INSN);
        this.sysreg = log.options().has(TraceKind.SYSREG);
        this.mmu = log.options().has(TraceKind.MMU);
        int n = cpus.stream().mapToInt(Cpu::index).max().orElse(-1) + 1;
        previous = new StateTracer[n];
        cachedVpn = new long[n];
        cachedEl = new int[n];
        cachedPage = new Page[n];
        pendingMrs = new int[n];
        pendingMrsPc = new long[n];
        pendingMrsCount = new long[n];
        pendingMrsEl = new int[n];
        pendingMrsKey = new int[n];
        java.util.Arrays.fill(pendingMrs, -1);
        for (Cpu c : cpus) {
            previous[c.index()] = c.tracer();
        }
    }

    static boolean wanted(TraceOptions o) {
        return o.has(TraceKind.INSN) || o.has(TraceKind.SYSREG) || o.has(TraceKind.MMU);
    }

    @Override
    public void beforeInstruction(Cpu cpu, long pc) {
        int i = cpu.index();
        if (previous[i] != null) {
            previous[i].beforeInstruction(cpu, pc);
        }
        if (log.full()) {
            if (cpu.tracer() == this) {
                cpu.setTracer(previous[i]); // back to the fast loop for the rest of the run
            }
            return;
        }
        if (pendingMrs[i] >= 0) {
            finishMrs(cpu);
        }
        long fetched = word(cpu, pc);
        int word = (int) fetched;
        if (insn && log.accepts(cpu.el, pc)) {
            StringBuilder sb = log.begin(cpu, TraceKind.INSN);
            TraceLog.hex(sb, pc).append(": ");
            if (fetched < 0) {
                sb.append("(no translation: an instruction abort follows)");
            } else {
                sb.append(String.format("%08x  ", word)).append(disassembler.disassemble(word, pc).replace('\t', ' '));
            }
            log.end();
        }
        if (fetched < 0) {
            return;
        }
        if ((word & 0xFFC00000) == 0xD5000000) {
            system(cpu, pc, word);
        } else if (word == ERET) {
            cachedPage[i] = null;
        }
    }

    /** A system instruction (op0 = 0-3 space of MSR/MRS/SYS/SYSL and hints). */
    private void system(Cpu cpu, long pc, int word) {
        int i = cpu.index();
        int rt = word & 31;
        int key = (word >>> 5) & 0xFFFF;
        boolean l = (word & (1 << 21)) != 0;
        int op0 = key >>> 14;
        if (op0 >= 2) {
            cachedPage[i] = null;
            if (!sysreg || !log.accepts(cpu.el, pc)) {
                return;
            }
            if (l) { // MRS: the value is known once it retired
                pendingMrs[i] = rt;
                pendingMrsPc[i] = pc;
                pendingMrsCount[i] = cpu.instructions;
                pendingMrsEl[i] = cpu.el;
                pendingMrsKey[i] = key;
                return;
            }
            StringBuilder sb = log.begin(cpu, TraceKind.SYSREG);
            TraceLog.hex(sb, pc).append(": MSR ").append(registerName(key)).append(" <- ");
            TraceLog.hex(sb, rt == 31 ? 0 : cpu.x[rt]);
            log.end();
        } else if (op0 == 1) {
            cachedPage[i] = null;
            SystemInstruction s = SystemRegisters.standard().instruction(key);
            String name = s == null ? String.format("SYS%s #%d, C%d, C%d, #%d", l ? "L" : "", key >>> 11 & 7,
                    key >>> 7 & 15, key >>> 3 & 15, key & 7) : s.name();
            boolean tlbi = name.startsWith("TLBI");
            if (!(tlbi ? mmu : sysreg) || !log.accepts(cpu.el, pc)) {
                return;
            }
            StringBuilder sb = log.begin(cpu, tlbi ? TraceKind.MMU : TraceKind.SYSREG);
            TraceLog.hex(sb, pc).append(": ").append(name);
            if (rt != 31) {
                sb.append(' ');
                TraceLog.hex(sb, cpu.x[rt]);
            }
            log.end();
        } else if ((word & 0xFFF8F01F) == 0xD500401F) { // MSR (immediate): a PSTATE field
            if (sysreg && log.accepts(cpu.el, pc)) {
                StringBuilder sb = log.begin(cpu, TraceKind.SYSREG);
                TraceLog.hex(sb, pc).append(": ").append(disassembler.disassemble(word, pc).replace('\t', ' '));
                log.end();
            }
        }
    }

    private void finishMrs(Cpu cpu) {
        int i = cpu.index();
        int rt = pendingMrs[i];
        pendingMrs[i] = -1;
        StringBuilder sb = log.begin(cpu, pendingMrsEl[i], TraceKind.SYSREG);
        TraceLog.hex(sb, pendingMrsPc[i]).append(": MRS ");
        sb.append(registerName(pendingMrsKey[i]));
        if (cpu.instructions == pendingMrsCount[i]) {
            sb.append(" trapped (see exc)");
        } else {
            sb.append(" -> ");
            TraceLog.hex(sb, rt == 31 ? 0 : cpu.x[rt]);
        }
        log.end();
    }

    /**
     * Writes what waits for the next instruction (an MRS whose value is not written yet) and gives
     * each CPU back the tracer it had.
     */
    void finish(List<Cpu> cpus) {
        for (Cpu c : cpus) {
            if (pendingMrs[c.index()] >= 0 && !log.full()) {
                finishMrs(c);
            }
            if (c.tracer() == this) {
                c.setTracer(previous[c.index()]);
            }
        }
    }

    private static String registerName(int key) {
        SystemRegister r = SystemRegisters.standard().register(key);
        if (r != null) {
            return r.name();
        }
        return String.format("S%d_%d_C%d_C%d_%d", key >>> 14, key >>> 11 & 7, key >>> 7 & 15, key >>> 3 & 15, key & 7);
    }

    /** The instruction word at {@code pc} (zero-extended), -1 if it does not translate. */
    private long word(Cpu cpu, long pc) {
        int i = cpu.index();
        long vpn = pc >>> Page.SHIFT;
        Page p = cachedPage[i];
        if (p == null || cachedVpn[i] != vpn || cachedEl[i] != cpu.el) {
            try {
                long pa = untraced(cpu.translator()).translate(cpu, pc & ~(long) Page.MASK, AccessType.FETCH, pc);
                p = cpu.memory().page(pa);
            } catch (ArchitecturalException e) {
                p = null;
            }
            if (p == null) {
                return -1;
            }
            cachedPage[i] = p;
            cachedVpn[i] = vpn;
            cachedEl[i] = cpu.el;
        }
        return (int) LE32.get(p.data, (int) pc & Page.MASK & ~3) & 0xFFFFFFFFL;
    }

    private static Translator untraced(Translator t) {
        return t instanceof TracingTranslator tt ? tt.inner() : t;
    }
}
