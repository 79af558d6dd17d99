package dev.hvlab.core.trace;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.Translator;

/**
 * {@code mmu}: every translation the CPU asks for. The CPU asks only on a software-TLB miss, so a
 * translation of RAM is a TLB fill ({@code fill}); device pages are never cached and are walked at
 * each access ({@code walk}). A translation that faults is reported with its fault status.
 */
final class TracingTranslator implements Translator {
    private final Translator inner;
    private final TraceLog log;

    TracingTranslator(Translator inner, TraceLog log) {
        this.inner = inner;
        this.log = log;
    }

    Translator inner() {
        return inner;
    }

    @Override
    public long translate(Cpu cpu, long va, AccessType type, long pc) {
        long pa;
        try {
            pa = inner.translate(cpu, va, type, pc);
        } catch (ArchitecturalException e) {
            if (log.accepts(cpu.el, pc)) {
                StringBuilder sb = log.begin(cpu, TraceKind.MMU).append("fault ").append(type).append(" va ");
                TraceLog.hex(sb, va).append(" pc ");
                TraceLog.hex(sb, pc).append(": ");
                FaultStatus.describe(sb, e.ec, e.iss);
                if (e.ipaValid) {
                    TraceLog.hex(sb.append(" ipa "), e.ipa);
                }
                log.end();
            }
            throw e;
        }
        if (log.accepts(cpu.el, pc)) {
            boolean ram = cpu.memory().page(pa) != null;
            StringBuilder sb = log.begin(cpu, TraceKind.MMU).append(ram ? "fill " : "walk ").append(type).append(" va ");
            TraceLog.hex(sb, va).append(" -> pa ");
            TraceLog.hex(sb, pa).append(" pc ");
            TraceLog.hex(sb, pc);
            if (!ram) {
                sb.append(" (not RAM: not cached)");
            }
            log.end();
        }
        return pa;
    }
}
