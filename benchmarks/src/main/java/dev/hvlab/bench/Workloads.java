package dev.hvlab.bench;

import dev.hvlab.core.config.UserInputException;
import java.util.List;

/**
 * The guest workloads hvlab can run and compare, the bare-metal suite of src/main/guest/bare.
 * {@code hvlab info} lists them; docs/WORKLOADS.md describes each and its output.
 */
public final class Workloads {
    private static final List<Workload> ALL = List.of(
            new Workload("dhrystone", "integer CPU kernel in the spirit of Dhrystone (ns per loop, loops/s)", 1),
            new Workload("ipi_latency", "SGI from CPU 0 to CPU 1, send to handler: min/avg/max/p99, histogram", 2),
            new Workload("microbench", "trap paths: null hypercall, MMIO read, GICD read, EOI, timer IRQ, IPI round trip", 2),
            new Workload("timer_latency", "periodic 100 us virtual timer, handler time - deadline: min/avg/max/p99, histogram", 1),
            new Workload("timer_latency_interference",
                    "timer_latency with background work and interrupts from CPU 1 every 37 us", 2),
            new Workload("whetstone", "floating-point kernel in the spirit of Whetstone (ns per loop, loops/s)", 1));

    private Workloads() {
    }

    /** Every workload, sorted by name. */
    public static List<Workload> all() {
        return ALL;
    }

    /** The names of the available workloads, sorted. */
    public static List<String> names() {
        return ALL.stream().map(Workload::name).toList();
    }

    /** The workload called {@code name}; an unknown name is a user error listing the known ones. */
    public static Workload get(String name) {
        return ALL.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() -> new UserInputException(
                "unknown workload '" + name + "' (known: " + String.join(", ", names()) + ")"));
    }
}
