package dev.hvlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.tools.ExternalTool;
import dev.hvlab.core.user.UserMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the benchmarks measure is what they claim to measure. */
class BenchmarkSubjectsTest {
    @Test
    void integerLoopRetiresBodyInstructionsPerIteration() {
        Cpu cpu = IntegerLoop.newCpu();
        long counter = cpu.x[0];
        long head = cpu.pc;
        assertEquals(1L << 62, counter);
        assertEquals(10L * IntegerLoop.BODY, cpu.run(10L * IntegerLoop.BODY));
        // SUBS X0, X0, #1 once per iteration, and the taken B.NE brings the PC back to the head.
        assertEquals(counter - 10, cpu.x[0]);
        assertEquals(head, cpu.pc);
    }

    @Test
    void integerLoopStoresToItsArray() {
        Cpu cpu = IntegerLoop.newCpu();
        cpu.run(100L * IntegerLoop.BODY);
        long sum = 0;
        for (int i = 0; i < 8; i++) {
            sum |= cpu.read64(IntegerLoop.DATA + 8L * i);
        }
        assertEquals(true, sum != 0, "the loop's stores reached RAM");
    }

    @Test
    void benchmarkInvocationsRetireTheirBudget() {
        InterpreterBenchmark b = new InterpreterBenchmark();
        b.setUp();
        assertEquals(InterpreterBenchmark.BUDGET, b.integerLoop());
        assertEquals(InterpreterBenchmark.BUDGET, b.compiledC());
        assertEquals(InterpreterBenchmark.BUDGET, b.compiledC());
    }

    /**
     * Each trap-path subject loops at EL1 doing its operation, natively and under Jailhouse (whose
     * partition is never stopped by it), and an invocation completes its operations.
     */
    @Test
    void trapPathSubjectsLoopAtEl1() {
        for (String hv : new String[] {"none", "jailhouse", "kvm", "xen"}) {
            for (String path : new String[] {"hvc", "gicd", "mmio"}) {
                TrapPathBenchmark b = new TrapPathBenchmark();
                b.hypervisor = hv;
                b.path = path;
                b.setUp();
                long before = b.trap();
                long after = b.trap();
                assertTrue(after - before >= TrapPathBenchmark.OPS, hv + "/" + path + ": " + before + " -> " + after);
            }
        }
    }

    /** The workload under hvlab prints what it prints under qemu-aarch64, the oracle. */
    @Test
    void workloadAgreesWithQemu(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(ExternalTool.isInstalled("qemu-aarch64"), ExternalTool.notInstalled("qemu-aarch64"));
        Path prog = dir.resolve("workload");
        Files.write(prog, GuestWorkload.bytes());
        prog.toFile().setExecutable(true);
        Process q = new ProcessBuilder("qemu-aarch64", "-cpu", "cortex-a72", prog.toString(), "3")
                .redirectErrorStream(true).start();
        String expected = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        q.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, q.exitValue(), expected);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        int status = UserMode.run(prog, List.of("3"), UserMode.Options.defaults(), ps, ps);
        assertEquals(0, status);
        assertEquals(expected, out.toString(StandardCharsets.UTF_8));
    }
}
