package dev.hvlab.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.tools.ExternalTool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPC of compiled code under the approximate model, against what the cores' published figures
 * imply (docs/TIMING.md, "Compiled kernels"). Two kernels of our own, compiled at test time with
 * {@code aarch64-linux-gnu-gcc -O2} and run bare metal at EL1 (MMU off) on both core types:
 * {@code intmix.c}, with the operation mix of the classic synthetic integer benchmarks, and
 * {@code fpmix.c}, a double-precision kernel (matrix-vector product, Horner polynomial, divisions).
 *
 * <p>Per-iteration figures are differences between a run of {@link #LONG} and one of
 * {@link #SHORT} iterations, so start-up and cold caches cancel out.
 *
 * <p>The bands, derived in docs/TIMING.md from published figures: per clock, on the same binary,
 * the Cortex-A72 is 1.1-2.6 times as fast as the Cortex-A53 on integer code (Arm: 4.7 against 2.3
 * DMIPS/MHz, a ratio of 2.0; gcc-compiled single-thread kernels measured on a Raspberry Pi 4B
 * against a 3B+: 0.7-1.5 per clock) and 1.0-2.2 times on FP code (Whetstone MWIPS 1.9, MFLOPS
 * 1.1-1.3 per clock); absolute IPCs within what the pipelines allow for cache-resident compiled
 * code: A53 (dual issue, in order) 0.6-1.6 integer and 0.3-1.5 FP, A72 (3-wide decode, out of
 * order) 1.0-2.6 integer and 0.5-2.5 FP.
 */
class CompiledKernelsTest {
    private static final String GCC = "aarch64-linux-gnu-gcc";
    private static final long SHORT = 200;
    private static final long LONG = 1200;

    @TempDir
    static Path dir;
    private static Path intmix;
    private static Path fpmix;

    @BeforeAll
    static void compile() throws Exception {
        if (!ExternalTool.isInstalled(GCC)) {
            return;
        }
        for (String f : List.of("start.S", "link.ld", "support.c", "intmix.c", "fpmix.c")) {
            try (InputStream in = CompiledKernelsTest.class.getResourceAsStream("compiled/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        intmix = build("intmix");
        fpmix = build("fpmix");
    }

    private static Path build(String kernel) throws IOException, InterruptedException {
        Path elf = dir.resolve(kernel + ".elf");
        List<String> cmd = new ArrayList<>(List.of(GCC, "-O2", "-ffreestanding", "-nostdlib", "-nostartfiles",
                "-static", "-fno-pie", "-no-pie", "-mstrict-align", "-fno-tree-loop-distribute-patterns",
                "-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments", "-T", "link.ld",
                "start.S", kernel + ".c", "support.c", "-o", elf.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "gcc failed: " + out);
        return elf;
    }

    /**
     * The integer kernel is portable C: built for the host with {@code cc} (when installed), it must
     * compute the checksum the emulated run left in X0, which shows the timed runs did the work.
     */
    private static void hostOracle(String kernel, long iterations, long expected) throws Exception {
        if (!ExternalTool.isInstalled("cc")) {
            System.out.println("cc not installed: the host cross-check of " + kernel + " is skipped");
            return;
        }
        Files.writeString(dir.resolve("host-main.c"), "#include <stdio.h>\n#include <stdlib.h>\n"
                + "unsigned long kernel_main(unsigned long n);\n"
                + "int main(int c, char **v) { printf(\"%lu\\n\", kernel_main(strtoul(v[1], 0, 10))); return 0; }\n");
        Path exe = dir.resolve("host-" + kernel.replace(".c", ""));
        Process p = new ProcessBuilder("cc", "-O2", "-funsigned-char", kernel, "host-main.c", "-o", exe.toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "cc failed: " + out);
        p = new ProcessBuilder(exe.toString(), Long.toString(iterations)).redirectErrorStream(true).start();
        out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "host kernel hung");
        assertEquals(Long.toUnsignedString(expected), out, "checksum of " + kernel + " (host build)");
    }

    /** Instructions, cycles and checksum of {@code iterations} iterations of {@code elf} on a fresh machine. */
    private static long[] run(Path elf, TimedMachine m, long iterations) throws Exception {
        ElfFile f = ElfFile.read(elf);
        for (ElfFile.Segment s : f.segments()) {
            if (s.isLoad()) {
                byte[] b = f.contents(s);
                m.memory.write(s.paddr(), b, 0, b.length);
            }
        }
        m.cpu.x[0] = iterations;
        m.run(f.entry());
        if (Boolean.getBoolean("kernels.stats")) {
            System.out.println(m.timing.cpuStatistics(m.cpu));
        }
        return new long[] {m.cpu.instructions, m.timing.timer(m.cpu).cycles(), m.cpu.x[0]};
    }

    /** Per iteration: {instructions, cycles}; the checksum must not depend on the core. */
    private static double[] perIteration(Path elf, String core, long[] checksums, int slot) throws Exception {
        boolean a72 = core.equals("cortex-a72");
        long[] s = run(elf, a72 ? TimedMachine.a72(4 << 20) : TimedMachine.a53(4 << 20), SHORT);
        long[] l = run(elf, a72 ? TimedMachine.a72(4 << 20) : TimedMachine.a53(4 << 20), LONG);
        if (checksums[slot] == 0) {
            checksums[slot] = l[2];
        }
        assertEquals(checksums[slot], l[2], "the kernel's result differs between the cores");
        double n = LONG - SHORT;
        return new double[] {(l[0] - s[0]) / n, (l[1] - s[1]) / n};
    }

    @Test
    void integerKernelIpcIsInThePublishedRange() throws Exception {
        assumeTrue(ExternalTool.isInstalled(GCC), ExternalTool.notInstalled(GCC));
        long[] sums = new long[1];
        double[] big = perIteration(intmix, "cortex-a72", sums, 0);
        double[] little = perIteration(intmix, "cortex-a53", sums, 0);
        double ipc72 = big[0] / big[1];
        double ipc53 = little[0] / little[1];
        System.out.printf("intmix: %.1f instructions/iteration; cortex-a72 %.1f cycles/iteration (IPC %.2f),"
                + " cortex-a53 %.1f cycles/iteration (IPC %.2f), A53/A72 cycles %.2f%n",
                big[0], big[1], ipc72, little[1], ipc53, little[1] / big[1]);
        assertEquals(big[0], little[0], 1e-9, "same binary, same instructions");
        assertTrue(ipc53 >= 0.6 && ipc53 <= 1.6, "cortex-a53 integer IPC " + ipc53);
        assertTrue(ipc72 >= 1.0 && ipc72 <= 2.6, "cortex-a72 integer IPC " + ipc72);
        double ratio = little[1] / big[1];
        assertTrue(ratio >= 1.1 && ratio <= 2.6, "A53/A72 cycles per iteration " + ratio);
        hostOracle("intmix.c", LONG, sums[0]);
    }

    @Test
    void floatingPointKernelIpcIsInThePublishedRange() throws Exception {
        assumeTrue(ExternalTool.isInstalled(GCC), ExternalTool.notInstalled(GCC));
        long[] sums = new long[1];
        double[] big = perIteration(fpmix, "cortex-a72", sums, 0);
        double[] little = perIteration(fpmix, "cortex-a53", sums, 0);
        double ipc72 = big[0] / big[1];
        double ipc53 = little[0] / little[1];
        System.out.printf("fpmix: %.1f instructions/iteration; cortex-a72 %.1f cycles/iteration (IPC %.2f),"
                + " cortex-a53 %.1f cycles/iteration (IPC %.2f), A53/A72 cycles %.2f%n",
                big[0], big[1], ipc72, little[1], ipc53, little[1] / big[1]);
        assertTrue(ipc53 >= 0.3 && ipc53 <= 1.5, "cortex-a53 FP IPC " + ipc53);
        assertTrue(ipc72 >= 0.5 && ipc72 <= 2.5, "cortex-a72 FP IPC " + ipc72);
        double ratio = little[1] / big[1];
        assertTrue(ratio >= 1.0 && ratio <= 2.2, "A53/A72 cycles per iteration " + ratio);
    }
}
