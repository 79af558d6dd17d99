package dev.hvlab.core.timing;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run's statistics as a tree in the shape of gem5's JSON statistics: top-level simulation
 * totals, then {@code system.cpuN} per CPU (cycles, instructions, IPC, exceptions by class and
 * target EL, and whatever the timing model counts: caches, TLBs, branch prediction) and the shared
 * structures (the clusters' L2 caches). Every counter is {@code {"value", "unit", "description"}}.
 * Works under every timing model; the functional one contributes cycles and instructions only.
 */
public final class StatsReport {
    private static final String[] EC_NAMES = ecNames();

    private StatsReport() {
    }

    public static Map<String, Object> build(Machine m, RunResult r) {
        Map<String, Object> root = new LinkedHashMap<>();
        Stats.put(root, "simSeconds", r.simulatedPs() / 1e12, "Second", "simulated time of the run");
        Stats.put(root, "simTicks", r.simulatedPs(), "Tick", "simulated time in picoseconds (1 tick = 1 ps)");
        Stats.put(root, "simInsts", r.instructions(), "Count", "instructions retired by all CPUs");
        Stats.put(root, "hostSeconds", r.hostNanos() / 1e9, "Second", "host wall-clock time of the run");
        Stats.put(root, "hostInstRate", r.hostNanos() == 0 ? 0.0 : r.instructions() * 1e9 / r.hostNanos(),
                "Count/Second", "simulated instructions per host second");
        root.put("timingModel", m.timing().name());
        Map<String, Object> system = new LinkedHashMap<>();
        for (RunResult.CpuStats c : r.cpus()) {
            Cpu cpu = m.cpu(c.index());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("coreType", c.coreType());
            Stats.put(e, "clockFrequency", c.frequencyHz(), "Hertz", "the core's clock");
            Stats.put(e, "numCycles", c.cycles(), "Cycle", "cycles charged by the timing model (idle time excluded)");
            Stats.put(e, "committedInsts", c.instructions(), "Count", "instructions retired");
            Stats.put(e, "ipc", c.cycles() == 0 ? 0.0 : (double) c.instructions() / c.cycles(), "Ratio",
                    "instructions per cycle");
            e.put("exceptions", exceptions(cpu));
            Map<String, Object> model = m.timing().cpuStatistics(cpu);
            if (!model.isEmpty()) {
                e.put("timing", model);
            }
            system.put("cpu" + c.index(), e);
        }
        system.putAll(m.timing().sharedStatistics());
        root.put("system", system);
        return root;
    }

    /** Exceptions taken, by target EL then class; only non-zero counters appear. */
    static Map<String, Object> exceptions(Cpu cpu) {
        Map<String, Object> byEl = new LinkedHashMap<>();
        long total = 0;
        for (int el = 0; el < 4; el++) {
            Map<String, Object> byClass = new LinkedHashMap<>();
            for (int slot = 0; slot < Cpu.EXCEPTION_SLOTS; slot++) {
                long n = cpu.exceptionCounts[el * Cpu.EXCEPTION_SLOTS + slot];
                if (n != 0) {
                    Stats.put(byClass, EC_NAMES[slot], n, "Count", slotDescription(slot, el));
                    total += n;
                }
            }
            if (!byClass.isEmpty()) {
                byEl.put("el" + el, byClass);
            }
        }
        Stats.put(byEl, "total", total, "Count", "exceptions taken (all classes, all target ELs)");
        return byEl;
    }

    private static String slotDescription(int slot, int el) {
        if (slot == Cpu.SLOT_IRQ) {
            return "IRQs taken to EL" + el;
        }
        if (slot == Cpu.SLOT_FIQ) {
            return "FIQs taken to EL" + el;
        }
        return String.format("exceptions with ESR.EC 0x%02x taken to EL%d", slot, el);
    }

    private static String[] ecNames() {
        String[] names = new String[Cpu.EXCEPTION_SLOTS];
        for (int i = 0; i < 64; i++) {
            names[i] = String.format("EC_0x%02X", i);
        }
        for (Field f : ExceptionClass.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                try {
                    int v = f.getInt(null);
                    if (v >= 0 && v < 64) {
                        names[v] = f.getName();
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        names[Cpu.SLOT_IRQ] = "IRQ";
        names[Cpu.SLOT_FIQ] = "FIQ";
        return names;
    }
}
