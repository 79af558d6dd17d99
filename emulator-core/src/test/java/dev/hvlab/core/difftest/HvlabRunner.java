package dev.hvlab.core.difftest;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a {@link Program} on hvlab at EL0 and compares it with an expected {@link Trace} before
 * every instruction from the end of the prologue on, then its termination and stdout. The ELF's
 * segments are loaded at their virtual addresses (identity translation); a tiny exception handler
 * plays the kernel for write(64) and exit/exit_group(93/94) and turns any other exception into the
 * signal Linux would deliver.
 */
public final class HvlabRunner {
    private static final int SYS_WRITE = 64;
    private static final int SYS_EXIT = 93;
    private static final int SYS_EXIT_GROUP = 94;

    private HvlabRunner() {
    }

    /**
     * The first difference between hvlab and an expected trace.
     *
     * @param culprit the pattern of the instruction that went wrong, or what kind of difference
     *                ("termination", "stdout", "exception"): mismatches are counted by it
     * @param report  the human-readable report: disassembly, fields, side-by-side registers
     */
    public record Mismatch(String culprit, String report) {
    }

    /** Returns null when hvlab matched {@code expected}, else its first difference. */
    public static Mismatch compare(Program prog, Trace expected) {
        Run r = new Run(prog, expected);
        String report = r.execute();
        return report == null ? null : new Mismatch(r.culprit, report);
    }

    private static final class Run {
        final Program prog;
        final Trace expected;
        final Cpu cpu;
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final long[] actual = new long[State.SIZE];
        int termination = -1;
        int index;
        String mismatch;
        String culprit;

        Run(Program prog, Trace expected) {
            this.prog = prog;
            this.expected = expected;
            PhysicalMemory mem = new PhysicalMemory();
            byte[] code = prog.codeBytes();
            mem.addRam(Program.CODE_BASE, pages(code.length));
            mem.addRam(Program.DATA_BASE, pages(Program.DATA_SIZE));
            mem.write(Program.CODE_BASE, code, 0, code.length);
            mem.write(Program.DATA_BASE, prog.data(), 0, prog.data().length);
            cpu = new Cpu(0, mem, A64.decoder());
            cpu.el = 0;
            cpu.pc = Program.CODE_BASE;
            cpu.setExceptionHandler(this::take);
            cpu.setTracer((c, pc) -> check(pc));
        }

        static long pages(long bytes) {
            return (bytes + 0xFFF) & ~0xFFFL;
        }

        String execute() {
            long budget = prog.prologueLength() + expected.states().size() + 1000L;
            try {
                cpu.run(budget);
            } catch (RuntimeException | StackOverflowError e) {
                culprit = "exception " + patternName(prog.wordAt(cpu.pc));
                return header() + "hvlab threw " + e + " at instruction #" + index
                        + " " + InsnText.describe(prog.wordAt(cpu.pc), cpu.pc) + "\n" + stackTop(e);
            }
            if (mismatch != null) {
                return mismatch;
            }
            int seen = index - prog.prologueLength();
            if (seen != expected.states().size() || termination != expected.termination()) {
                long lastPc = cpu.pc;
                culprit = "termination " + patternName(prog.wordAt(lastPc));
                return header() + String.format("qemu: %d instructions then %s; hvlab: %d instructions then %s at pc %x %s%n",
                        expected.states().size(), Trace.describe(expected.termination()), seen,
                        termination < 0 ? "still running" : Trace.describe(termination), lastPc,
                        InsnText.describe(prog.wordAt(lastPc), lastPc));
            }
            byte[] out = stdout.toByteArray();
            if (!Arrays.equals(out, expected.stdout())) {
                culprit = "stdout";
                return header() + "stdout differs (scratch memory or register dump): " + firstDifference(out, expected.stdout());
            }
            return null;
        }

        long take(Cpu c, ArchitecturalException e) {
            if (e.ec == ExceptionClass.SVC64) { // the preferred return of an SVC is the next instruction
                switch ((int) c.x[8]) {
                    case SYS_WRITE -> {
                        long buf = c.x[1];
                        int len = (int) c.x[2];
                        if (c.x[0] == 1) {
                            for (int i = 0; i < len; i++) {
                                stdout.write(c.read8(buf + i));
                            }
                        }
                        c.x[0] = len;
                    }
                    case SYS_EXIT, SYS_EXIT_GROUP -> {
                        termination = (int) c.x[0] & 0xFF;
                        c.stopRequested = true;
                    }
                    default -> c.x[0] = -38; // -ENOSYS
                }
                return e.preferredReturn;
            }
            termination = 128 + signal(e);
            c.stopRequested = true;
            return e.preferredReturn;
        }

        /** The signal Linux delivers for an exception taken from EL0 (arch/arm64/mm/fault.c, traps.c). */
        static int signal(ArchitecturalException e) {
            return switch (e.ec) {
                case ExceptionClass.DATA_ABORT_LOWER, ExceptionClass.DATA_ABORT_SAME,
                     ExceptionClass.INSN_ABORT_LOWER, ExceptionClass.INSN_ABORT_SAME ->
                        (e.iss & 0x3F) == 0x21 ? 7 : 11;          // alignment fault: SIGBUS
                case ExceptionClass.PC_ALIGNMENT, ExceptionClass.SP_ALIGNMENT -> 7;
                case ExceptionClass.BRK64 -> 5;
                default -> 4;                                    // UNDEFINED and the rest: SIGILL
            };
        }

        void check(long pc) {
            int i = index++;
            int k = i - prog.prologueLength();
            if (k < 0 || mismatch != null) {
                return;
            }
            List<long[]> states = expected.states();
            if (k >= states.size()) {
                culprit = "termination";
                mismatch = header() + "hvlab runs on after qemu ended (" + Trace.describe(expected.termination())
                        + ") at pc " + Long.toHexString(pc) + "\n";
                cpu.stopRequested = true;
                return;
            }
            System.arraycopy(cpu.x, 0, actual, 0, 31);
            actual[State.SP] = cpu.x[Cpu.SP];
            actual[State.PC] = pc;
            actual[State.NZCV] = cpu.nzcv() >>> 28;
            long[] want = states.get(k);
            if (!Arrays.equals(want, actual)) {
                mismatch = report(k, want, k > 0 ? states.get(k - 1) : null);
                culprit = k > 0 ? patternName(prog.wordAt(states.get(k - 1)[State.PC])) : "prologue";
                cpu.stopRequested = true;
            }
        }

        String report(int k, long[] want, long[] previous) {
            StringBuilder sb = new StringBuilder(header());
            sb.append(String.format("state differs before body instruction #%d (pc %x)%n", k, want[State.PC]));
            if (previous != null) {
                long ppc = previous[State.PC];
                sb.append("  culprit (the instruction just executed): ").append(InsnText.describe(prog.wordAt(ppc), ppc)).append('\n');
            } else {
                sb.append("  culprit: the prologue\n");
            }
            sb.append("  next: ").append(InsnText.describe(prog.wordAt(want[State.PC]), want[State.PC])).append('\n');
            sb.append(String.format("  %-5s %-18s %-18s %-18s%n", "reg", "before (qemu)", "qemu", "hvlab"));
            for (int r = 0; r < State.SIZE; r++) {
                boolean differs = want[r] != actual[r];
                boolean changed = previous != null && previous[r] != want[r];
                if (differs || changed) {
                    sb.append(String.format("  %-5s %-18s %-18s %-18s%s%n", State.name(r),
                            previous == null ? "" : State.format(r, previous[r]), State.format(r, want[r]),
                            State.format(r, actual[r]), differs ? "  <<<" : ""));
                }
            }
            return sb.toString();
        }

        static String patternName(int word) {
            dev.hvlab.core.decode.Pattern p = A64.decoder().match(word);
            return p == null ? String.format("unallocated %08x", word) : p.name();
        }

        String header() {
            return String.format("MISMATCH in the program of seed %d%n", prog.seed());
        }

        static String stackTop(Throwable e) {
            StringBuilder sb = new StringBuilder();
            StackTraceElement[] st = e.getStackTrace();
            for (int i = 0; i < Math.min(6, st.length); i++) {
                sb.append("    at ").append(st[i]).append('\n');
            }
            return sb.toString();
        }

        static String firstDifference(byte[] a, byte[] b) {
            int n = Math.min(a.length, b.length);
            for (int i = 0; i < n; i++) {
                if (a[i] != b[i]) {
                    int slot = (i - Program.DUMP_OFFSET) / 8;
                    String where = i < Program.DUMP_OFFSET ? String.format("address %x", Program.DATA_BASE + i)
                            : slot < 31 ? "dumped X" + slot : slot == 31 ? "dumped SP" : "dumped NZCV";
                    return String.format("byte %d, %s: qemu %02x hvlab %02x%n", i, where, b[i] & 0xFF, a[i] & 0xFF);
                }
            }
            return String.format("lengths: qemu %d hvlab %d%n", b.length, a.length);
        }
    }
}
