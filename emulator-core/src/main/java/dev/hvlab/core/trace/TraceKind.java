package dev.hvlab.core.trace;

import java.util.EnumSet;
import java.util.Locale;

/** What {@code --trace} can record; the name is the word on the command line and in each line. */
public enum TraceKind {
    /** Every instruction: PC, EL, encoding, disassembly. */
    INSN,
    /** Synchronous exceptions taken: class, ESR, FAR, ELR, target EL, vector. */
    EXC,
    /** Interrupt lines changing and interrupts taken. */
    IRQ,
    /** Translation table walks (software TLB fills), translation faults, TLB maintenance. */
    MMU,
    /** MSR/MRS with the register's name and value, other system instructions. */
    SYSREG;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code "insn,exc"} (or {@code "all"}) as a set; throws IllegalArgumentException naming an unknown kind. */
    public static EnumSet<TraceKind> parseList(String text) {
        EnumSet<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
        for (String w : text.split(",")) {
            String t = w.trim().toLowerCase(Locale.ROOT);
            if (t.equals("all")) {
                kinds.addAll(EnumSet.allOf(TraceKind.class));
                continue;
            }
            TraceKind k = null;
            for (TraceKind c : values()) {
                if (c.word().equals(t)) {
                    k = c;
                }
            }
            if (k == null) {
                throw new IllegalArgumentException("unknown trace kind '" + w.trim() + "' (known: insn, exc, irq, mmu, sysreg, all)");
            }
            kinds.add(k);
        }
        return kinds;
    }
}
