package dev.hvlab.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Integer and floating-point kernels and the bandwidth workload on both cores. Expected cycle
 * counts are derived from the parameter files and the pipeline rules (issue width, units,
 * latencies), so a change of either that breaks the model's arithmetic fails here.
 */
class KernelsTest {
    private static final int N = 20_000;

    private static double ipc(long cycles, int insnsPerIteration) {
        return (double) N * insnsPerIteration / cycles;
    }

    /** 8 independent ADDs + SUBS + B.NE: bound by the integer pipes (A72: 2 ALUs) or the issue width (A53: 2). */
    private static long independentAlu(TimedMachine m) {
        return Kernels.cycles(m, N, a -> { }, a -> {
            for (int r = 2; r < 10; r++) {
                a.add(r, r, 1);
            }
        });
    }

    /** 8 dependent ADDs: one per cycle (latency 1) whatever the width. */
    private static long dependentAlu(TimedMachine m) {
        return Kernels.cycles(m, N, a -> { }, a -> {
            for (int i = 0; i < 8; i++) {
                a.add(2, 2, 1);
            }
        });
    }

    /** 8 FMADDs into one accumulator: the FMA latency per instruction. */
    private static long dependentFma(TimedMachine m) {
        return Kernels.cycles(m, N, a -> { }, a -> {
            for (int i = 0; i < 8; i++) {
                Kernels.fmadd(a, 0, 1, 2, 0);
            }
        });
    }

    /** 16 FMADDs into 16 accumulators (more than latency x pipes on both cores): the FP pipes' throughput. */
    private static long independentFma(TimedMachine m) {
        return Kernels.cycles(m, N, a -> { }, a -> {
            for (int i = 0; i < 16; i++) {
                Kernels.fmadd(a, 8 + i, 1, 2, 8 + i);
            }
        });
    }

    @Test
    void cortexA72Kernels() {
        Parameters p = Parameters.load("cortex-a72");
        // 9 ALU ops at 2 per cycle (4.5) dominate 10 instructions at 3 per cycle (3.3).
        assertEquals(4.5 * N, independentAlu(TimedMachine.a72(4 << 20)), 0.02 * N);
        assertEquals(8.0 * N, dependentAlu(TimedMachine.a72(4 << 20)), 0.02 * N);
        assertEquals(8 * p.value("classes.fpFma.latency") * N, dependentFma(TimedMachine.a72(4 << 20)), 0.02 * N);
        assertEquals(16 * p.value("classes.fpFma.issue") * N, independentFma(TimedMachine.a72(4 << 20)), 0.05 * N);
    }

    @Test
    void cortexA53Kernels() {
        Parameters p = Parameters.load("cortex-a53");
        // In order, dual issue: 10 instructions at 2 per cycle.
        assertEquals(5.0 * N, independentAlu(TimedMachine.a53(4 << 20)), 0.02 * N);
        // The chain stalls each ADD a cycle; SUBS pairs with the last ADD, B.NE with the first of the next.
        long dep = dependentAlu(TimedMachine.a53(4 << 20));
        assertTrue(dep >= 8.0 * N && dep <= 8.6 * N, "dependent ALU " + dep);
        assertEquals(8 * p.value("classes.fpFma.latency") * N, dependentFma(TimedMachine.a53(4 << 20)), 0.02 * N);
        // The in-order model issues at most one instruction per half cycle, so SUBS and B.NE cannot hide
        // in the FMAs' shadow: up to one cycle of loop overhead per iteration.
        long fma = independentFma(TimedMachine.a53(4 << 20));
        double pipe = 16 * p.value("classes.fpFma.issue") * N;
        assertTrue(fma >= pipe && fma <= pipe + N, "independent FMA " + fma);
    }

    @Test
    void outOfOrderBeatsInOrderOnTheSameMix() {
        assertTrue(ipc(independentAlu(TimedMachine.a72(4 << 20)), 10) > 2.0);
        assertTrue(ipc(independentAlu(TimedMachine.a53(4 << 20)), 10) <= 2.0);
    }

    /**
     * Bytes per cycle reading (LDP) or writing (STP) a buffer of {@code bytes} (a power of two, placed
     * at an address aligned to its size) sequentially and cyclically, 64 bytes per iteration, for at
     * least 20,000 iterations.
     */
    static double bandwidth(TimedMachine m, long bytes, boolean write) {
        int iterations = (int) Math.max(bytes / 64, N);
        long base = TimedMachine.RAM + bytes;
        long c = Kernels.cycles(m, iterations, a -> {
            a.mov(0, base);
            a.mov(6, bytes - 1);
            a.mov(7, base);
        }, a -> {
            for (int i = 0; i < 4; i++) {
                if (write) {
                    a.emit("STP_post", "opc", 2, "imm7", 2, "rt2", 31, "rn", 0, "rt", 31);
                } else {
                    a.ldpPost(2, 3, 0, 16);
                }
            }
            a.emit("AND_r", "sf", 1, "shift", 0, "rm", 6, "imm6", 0, "rn", 0, "rd", 0);
            a.emit("ORR_r", "sf", 1, "shift", 0, "rm", 7, "imm6", 0, "rn", 0, "rd", 0);
        });
        return 64.0 * iterations / c;
    }

    @Test
    void bandwidthFallsFromL1ToL2ToDram() {
        for (String core : new String[] {"cortex-a72", "cortex-a53"}) {
            LongFunction<TimedMachine> f = core.equals("cortex-a72") ? TimedMachine::a72 : TimedMachine::a53;
            long hz = core.equals("cortex-a72") ? 1_600_000_000L : 1_200_000_000L;
            double dramLimit = Parameters.load("imx8qm-memory").value("dramBandwidthGBs") * 1e9 / hz;
            StringBuilder table = new StringBuilder(core);
            for (boolean write : new boolean[] {false, true}) {
                double l1 = bandwidth(f.apply(4 << 20), 16 << 10, write);
                double l2 = bandwidth(f.apply(4 << 20), 256 << 10, write);
                double dram = bandwidth(f.apply(64 << 20), 16 << 20, write);
                table.append(String.format(" %s L1 %.2f L2 %.2f DRAM %.2f B/cycle;", write ? "write" : "read", l1, l2, dram));
                assertTrue(l1 > l2 && l2 > dram, table.toString());
                assertTrue(dram <= dramLimit * 1.02 && dram >= dramLimit * 0.5, table + " DRAM limit " + dramLimit);
            }
            System.out.println(table);
        }
    }

    @Test
    void sameRunSameCycles() {
        long[] first = run();
        long[] second = run();
        assertEquals(first[0], second[0], "guest-measured cycles");
        assertEquals(first[1], second[1], "machine cycles");
    }

    private static long[] run() {
        TimedMachine m = TimedMachine.a72(8 << 20);
        double perLoad = PointerChase.cyclesPerLoad(m, 256 << 10, 5_000);
        return new long[] {Math.round(perLoad * 5_000), m.machine.cycles(0)};
    }

    /**
     * Independent reads of a device register: Device memory is never read speculatively and a
     * core keeps one device read outstanding, so each costs the board's MMIO latency in cycles.
     */
    @Test
    void deviceReadsAreSerialisedAtTheMmioLatency() {
        double latencyNs = Parameters.load("imx8qm-memory").value("mmioLatencyNs");
        for (TimedMachine m : new TimedMachine[] {TimedMachine.a53(4 << 20), TimedMachine.a72(4 << 20)}) {
            m.memory.addDevice(0x5000_0000L, 0x1000, "register", new dev.hvlab.core.mem.MmioDevice() {
                @Override
                public long read(int cpuIndex, long offset, int size) {
                    return 0;
                }

                @Override
                public void write(int cpuIndex, long offset, long value, int size) {
                }
            });
            long cycles = Kernels.cycles(m, N / 10, a -> a.mov(3, 0x5000_0000L), a -> {
                a.ldrw(4, 3, 0);
                a.ldrw(5, 3, 4);
            });
            double expected = latencyNs * hz(m) / 1e9;
            assertEquals(expected, cycles / (2.0 * (N / 10)), 0.05 * expected, m.timing.timer(m.cpu).toString());
        }
    }

    private static double hz(TimedMachine m) {
        return m.machine.clock(0).hz();
    }
}
