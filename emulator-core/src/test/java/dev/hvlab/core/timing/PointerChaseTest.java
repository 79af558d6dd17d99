package dev.hvlab.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Latency plateaus of the pointer chase (2 KiB to 64 MiB) on both core types: the L1 plateau up to
 * the L1 D-cache size, the L2 plateau up to the cluster's L2 size, DRAM beyond; the knees sit
 * between the configured size and twice it. Expected levels are derived from the parameter files,
 * not copied from a run.
 */
class PointerChaseTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void cortexA72PlateausAndKnees() {
        check("cortex-a72", TimedMachine::a72, 1_600_000_000L);
    }

    @Test
    void cortexA53PlateausAndKnees() {
        check("cortex-a53", TimedMachine::a53, 1_200_000_000L);
    }

    /** With the MMU on, a 64 MiB chase misses the L2 TLB's 4 MiB reach: every load pays a walk through L2/DRAM. */
    @Test
    void walksAddToTheLatencyBeyondTheTlbReach() {
        long ws = 64L << 20;
        long ram = 128L << 20;
        TimedMachine off = TimedMachine.a72(ram);
        double plain = PointerChase.cyclesPerLoad(off, ws, ITERATIONS);
        TimedMachine on = TimedMachine.a72(ram).withMmu(ram);
        double walked = PointerChase.cyclesPerLoad(on, ws, ITERATIONS);
        Parameters p = Parameters.load("cortex-a72");
        CoreTimer t = on.timing.timer(on.cpu);
        // Warm-up and timed loads (about 1M + 20k) nearly all walk; the builder maps 2 MiB blocks, so
        // each walk reads the level 0, 1 and 2 descriptors.
        assertTrue(t.walks > 0.9 * (ws / 64 + ITERATIONS), "walks " + t.walks);
        assertEquals(3 * t.walks, t.walkDescriptorReads, "descriptor reads");
        // At least the walk overhead and one L2 access per level on top of the unmapped latency, for
        // all but the few loads whose page is still in the L2 TLB (1024 of 16384 pages).
        double floor = p.value("tlb.walkOverhead") + 3 * p.value("caches.l2.latency");
        assertTrue(walked >= plain + 0.9 * floor, "MMU on " + walked + " vs off " + plain);
        System.out.println("cortex-a72 64 MiB chase: MMU off " + plain + ", on " + walked + " cycles per load");
    }

    private static void check(String core, LongFunction<TimedMachine> factory, long hz) {
        Parameters p = Parameters.load(core);
        Parameters mem = Parameters.load("imx8qm-memory");
        double l1 = p.value("caches.l1d.latency");
        double l2 = p.value("caches.l2.latency");
        // Past the L1 TLB's reach (MMU off here, but the model still looks the TLBs up) a load pays the L2 TLB.
        double tlb = p.value("tlb.l2.latency");
        double dram = l2 + Math.round(mem.value("dramLatencyNs") * hz / 1e9);
        long l1Size = p.intValue("caches.l1d.size");
        long l2Size = p.intValue("caches.l2.size");
        Map<Long, Double> lat = new LinkedHashMap<>();
        for (long size = 2048; size <= 64L << 20; size *= 2) {
            TimedMachine m = factory.apply(Math.max(size, 4096) + (4 << 20));
            lat.put(size, PointerChase.cyclesPerLoad(m, size, ITERATIONS));
        }
        String table = lat.toString();
        for (Map.Entry<Long, Double> e : lat.entrySet()) {
            long size = e.getKey();
            double c = e.getValue();
            // Each iteration is the dependent load plus SUBS and B.NE, which overlap with it.
            if (size <= l1Size) {
                assertTrue(c >= l1 && c <= l1 + 0.5, core + " " + size + " B at L1 latency " + l1 + ": " + table);
            } else if (size >= 2 * l1Size && size <= l2Size / 2) {
                assertTrue(c >= l2 * 0.9 && c <= l2 + tlb + 2, core + " " + size + " B at L2 latency " + l2 + ": " + table);
            } else if (size >= 4 * l2Size) {
                assertTrue(c >= dram * 0.9 && c <= dram + tlb + 2, core + " " + size + " B at DRAM latency " + dram + ": " + table);
            }
        }
        // Knees: the first size past each capacity is already on the next plateau's side.
        assertTrue(lat.get(l1Size) < (l1 + l2) / 2 && lat.get(2 * l1Size) > (l1 + l2) / 2, "L1 knee: " + table);
        assertTrue(lat.get(l2Size / 2) < (l2 + dram) / 2 && lat.get(2 * l2Size) > (l2 + dram) / 2, "L2 knee: " + table);
        System.out.println(core + " pointer chase, cycles per load by working set: " + table);
    }
}
