package dev.hvlab.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two cores pass a counter back and forth through one memory word (a mailbox): each spins reading
 * it until the other has written its turn, then writes the next value. Under coherence every hop
 * costs the spinning core an L1 miss served by the writer's cache (a snoop, or a snoop through the
 * interconnect between clusters) before its spin loop's exit branch resolves and mispredicts.
 *
 * <p>The machine's quantum is made tiny (2 ns) so that the cores interleave finely: a write is seen
 * by the other core within about a quantum of simulated time, as on silicon, instead of at the
 * next 1 us quantum.
 */
class CoherenceTest {
    private static final long RAM = 0x8000_0000L;
    private static final long FLAG = RAM + 0x10_0000;
    private static final long QUANTUM_PS = 2_000;
    private static final int ROUND_TRIPS = 500;
    private static final long A72_HZ = 1_600_000_000L;
    private static final long A53_HZ = 1_200_000_000L;

    /** Cycles per round trip as CPU 0 measures them (its own clock), and the run's statistics. */
    private record PingPong(double cyclesPerRoundTrip, Map<String, Object> stats0, Map<String, Object> stats1) {
    }

    /**
     * CPU 0 waits for even values and writes odd ones, CPU 1 the other way round; CPU 0 times
     * {@link #ROUND_TRIPS} round trips with PMCCNTR_EL0 between ISBs.
     */
    private static PingPong pingPong(String type0, long hz0, String type1, long hz1, boolean coherence) {
        PhysicalMemory memory = new PhysicalMemory();
        memory.addRam(RAM, 4 << 20);
        ApproximateTiming timing = new ApproximateTiming();
        if (!coherence) {
            timing.withoutCoherence();
        }
        Machine machine = new Machine(memory, timing, QUANTUM_PS);
        Cpu[] cpus = {machine.addCpu(new Clock(hz0), type0), machine.addCpu(new Clock(hz1), type1)};
        for (int i = 0; i < 2; i++) {
            Cpu cpu = cpus[i];
            cpu.el = 1;
            cpu.spSel = 1;
            cpu.setExceptionHandler(new ExceptionModel());
            Assembler a = new Assembler(RAM + i * 0x1000L);
            a.mov(1, FLAG).mov(2, i).mov(3, ROUND_TRIPS + 1);
            if (i == 0) {
                TimedMachine.enableCycleCounter(a);
            }
            Assembler.Label loop = a.newLabel();
            Assembler.Label spin = a.newLabel();
            a.bind(loop);
            a.bind(spin);
            a.ldr(4, 1, 0);
            a.subsReg(31, 4, 2);
            a.bCond(Assembler.NE, spin);
            if (i == 0) {
                // Timing starts once CPU 0 has seen its first turn (0, there from the start).
                Assembler.Label timed = a.newLabel();
                a.cmp(2, 0).bCond(Assembler.NE, timed);
                a.word(TimedMachine.ISB).mrs(10, TimedMachine.PMCCNTR_EL0);
                a.bind(timed);
            }
            a.add(2, 2, 1).str(2, 1, 0).add(2, 2, 1);
            a.subs(3, 3, 1).bCond(Assembler.NE, loop);
            if (i == 0) {
                a.word(TimedMachine.ISB).mrs(11, TimedMachine.PMCCNTR_EL0);
                a.subReg(12, 11, 10);
            }
            a.word(TimedMachine.WFI);
            byte[] b = a.bytes();
            memory.write(a.base(), b, 0, b.length);
            cpu.pc = a.base();
            machine.start(i);
        }
        machine.setMaxInstructions(500_000_000L);
        RunResult r = machine.run();
        assertEquals(RunResult.DEADLOCK, r.exitCode(), "both CPUs end in WFI: " + r.reason());
        // CPU 0 waits for 0, 2, ..., 2N: N round trips between its first and its last wait.
        return new PingPong((double) cpus[0].x[12] / ROUND_TRIPS, timing.cpuStatistics(cpus[0]),
                timing.cpuStatistics(cpus[1]));
    }

    @SuppressWarnings("unchecked")
    private static long counter(Map<String, Object> stats, String group, String name) {
        Map<String, Object> g = (Map<String, Object>) stats.get(group);
        return ((Number) ((Map<String, Object>) g.get(name)).get("value")).longValue();
    }

    @Test
    void pingPongInOneClusterPaysASnoopPerHop() {
        Parameters a72 = Parameters.load("cortex-a72");
        PingPong shared = pingPong("cortex-a72", A72_HZ, "cortex-a72", A72_HZ, true);
        PingPong unshared = pingPong("cortex-a72", A72_HZ, "cortex-a72", A72_HZ, false);
        System.out.printf("cortex-a72 pair: %.1f cycles per round trip with coherence, %.1f without%n",
                shared.cyclesPerRoundTrip(), unshared.cyclesPerRoundTrip());
        // Per hop: the spinning core's load misses and is served by the writer's L1 (snoop latency),
        // the exit branch resolves a cycle later and mispredicts (penalty); the reply store follows.
        double snoop = a72.value("coherence.snoop");
        double branch = a72.value("classes.branch.latency");
        double penalty = a72.value("pipeline.mispredictPenalty");
        double perHop = snoop + branch + penalty;
        double quantumCycles = QUANTUM_PS * 1e-12 * A72_HZ;
        double rt = shared.cyclesPerRoundTrip();
        assertTrue(rt >= 2 * perHop && rt <= 2 * (perHop + quantumCycles) + 4,
                "round trip " + rt + " outside [" + 2 * perHop + ", " + (2 * (perHop + quantumCycles) + 4) + "]");
        // Without coherence each spinning core kept hitting its own stale copy at the L1 latency:
        // the same hop with an L1 hit instead of the snoop, cheaper by about twice their difference.
        double l1 = a72.value("caches.l1d.latency");
        double noSharing = unshared.cyclesPerRoundTrip();
        double stalePerHop = l1 + branch + penalty;
        assertTrue(noSharing >= 2 * stalePerHop && noSharing <= 2 * (stalePerHop + quantumCycles) + 4,
                "round trip without coherence " + noSharing);
        assertTrue(rt > noSharing, "coherence makes the round trip dearer: " + rt + " vs " + noSharing);
        // Every hop: the reader's miss is a cache-to-cache transfer, the writer's store invalidates the other copy.
        for (Map<String, Object> s : new Map[] {shared.stats0(), shared.stats1()}) {
            assertTrue(counter(s, "coherence", "cacheToCacheTransfers") >= ROUND_TRIPS, s.toString());
            assertTrue(counter(s, "coherence", "invalidationsReceived") >= ROUND_TRIPS, s.toString());
            assertTrue(counter(s, "coherence", "upgrades") >= ROUND_TRIPS, s.toString());
            assertEquals(0, counter(s, "coherence", "interconnectSnoops"));
        }
        assertEquals(0, counter(unshared.stats0(), "coherence", "snoopsReceived"));
    }

    @Test
    void pingPongBetweenClustersPaysTheInterconnect() {
        Parameters a72 = Parameters.load("cortex-a72");
        Parameters a53 = Parameters.load("cortex-a53");
        double snoopNs = Parameters.load("imx8qm-memory").value("clusterSnoopNs");
        PingPong cross = pingPong("cortex-a72", A72_HZ, "cortex-a53", A53_HZ, true);
        PingPong inCluster = pingPong("cortex-a72", A72_HZ, "cortex-a72", A72_HZ, true);
        System.out.printf("cortex-a72 + cortex-a53: %.1f A72 cycles per round trip (A72 pair: %.1f)%n",
                cross.cyclesPerRoundTrip(), inCluster.cyclesPerRoundTrip());
        // Each hop misses the reader's L1 and L2 (the writer's request for a unique copy removed
        // both) and is served by the writer's cluster through the CCI: L2 latency + interconnect.
        double a72Hop = a72.value("caches.l2.latency") + snoopNs * A72_HZ / 1e9
                + a72.value("classes.branch.latency") + a72.value("pipeline.mispredictPenalty");
        double a53Hop = a53.value("caches.l2.latency") + Math.round(snoopNs * A53_HZ / 1e9)
                + a53.value("classes.branch.latency") + a53.value("pipeline.mispredictPenalty");
        double expected = a72Hop + a53Hop * A72_HZ / A53_HZ; // in A72 cycles
        double quantumCycles = QUANTUM_PS * 1e-12 * A72_HZ;
        double rt = cross.cyclesPerRoundTrip();
        assertTrue(rt >= expected - 2 && rt <= expected + 2 * quantumCycles + 6,
                "round trip " + rt + " A72 cycles, expected " + expected + " + up to two quanta");
        assertTrue(rt > inCluster.cyclesPerRoundTrip() + 2 * snoopNs * A72_HZ / 1e9 - 2 * 24 - 2 * quantumCycles,
                "the interconnect costs more than a snoop inside the cluster");
        for (Map<String, Object> s : new Map[] {cross.stats0(), cross.stats1()}) {
            assertTrue(counter(s, "coherence", "interconnectTransfers") >= ROUND_TRIPS, s.toString());
            assertTrue(counter(s, "coherence", "interconnectSnoops") >= 2 * ROUND_TRIPS, s.toString()); // + the upgrade
            assertTrue(counter(s, "coherence", "invalidationsReceived") >= ROUND_TRIPS, s.toString());
            assertEquals(0, counter(s, "coherence", "cacheToCacheTransfers"));
        }
    }

    @Test
    void sameRunSameCycles() {
        PingPong a = pingPong("cortex-a72", A72_HZ, "cortex-a53", A53_HZ, true);
        PingPong b = pingPong("cortex-a72", A72_HZ, "cortex-a53", A53_HZ, true);
        assertEquals(a.cyclesPerRoundTrip(), b.cyclesPerRoundTrip());
        assertEquals(a.stats0().toString(), b.stats0().toString());
        assertEquals(a.stats1().toString(), b.stats1().toString());
    }
}
