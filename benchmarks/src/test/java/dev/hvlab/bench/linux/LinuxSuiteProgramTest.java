package dev.hvlab.bench.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.run.WorkloadOutput;
import dev.hvlab.core.tools.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lxbench, the Linux suite's program: the committed binary is what its sources build to (rebuilt
 * with the Makefile, compared byte for byte; skips without the cross compiler), and its tests
 * print well-formed result lines when run by qemu-aarch64 (skips without it).
 */
class LinuxSuiteProgramTest {
    private static final Path SOURCES = Path.of("src/main/guest/linux");
    private static final Path COMMITTED = Path.of("src/main/resources/guest/linux/lxbench");

    @TempDir
    Path out;

    @Test
    void committedBinaryIsUpToDate() throws IOException, InterruptedException {
        Assumptions.assumeTrue(ExternalTool.isInstalled("aarch64-linux-gnu-gcc"),
                ExternalTool.notInstalled("aarch64-linux-gnu-gcc"));
        Assumptions.assumeTrue(ExternalTool.isInstalled("make"), ExternalTool.notInstalled("make"));
        Process p = new ProcessBuilder("make", "-s", "OUT=" + out.toAbsolutePath()).directory(SOURCES.toFile())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "make timed out");
        assertEquals(0, p.exitValue(), "make failed:\n" + log);
        assertArrayEquals(Files.readAllBytes(out.resolve("lxbench")), Files.readAllBytes(COMMITTED),
                "lxbench is out of date: run make in " + SOURCES + " and commit the result");
    }

    /** Tests that need no exec of an AArch64 binary by the kernel (qemu-aarch64 cannot chain them). */
    @Test
    void testsPrintTheLineFormatUnderQemu() throws IOException, InterruptedException {
        Assumptions.assumeTrue(ExternalTool.isInstalled("qemu-aarch64"), ExternalTool.notInstalled("qemu-aarch64"));
        StringBuilder all = new StringBuilder();
        for (List<String> args : List.of(List.of("dhry", "2000"), List.of("whet", "5"), List.of("pipe", "200"),
                List.of("context", "50"), List.of("spawn", "5"), List.of("syscall", "200"),
                List.of("fcopy", "256", "500", "600"), List.of("ipi", "20"), List.of("tcp", "20"))) {
            List<String> cmd = new ArrayList<>(List.of("qemu-aarch64", COMMITTED.toString()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), args + " timed out");
            assertEquals(0, p.exitValue(), args + ":\n" + text);
            all.append(text);
        }
        all.append("DONE\n");
        WorkloadOutput o = WorkloadOutput.parse(all.toString());
        assertNull(o.failure());
        for (String m : List.of("dhrystone", "whetstone", "pipe", "context", "spawn", "syscall", "fcopy_256_500",
                "ipi_wake_avg", "ipi_wake_p99", "tcp_rtt_min", "tcp_rtt_avg")) {
            assertTrue(o.metrics().containsKey(m), m + " missing in\n" + all);
            assertTrue(o.metrics().get(m).value() > 0, m);
        }
        assertEquals(20, o.histograms().get("ipi_wake").total());
        assertEquals(20, o.histograms().get("tcp_rtt").total());
        assertEquals(201, o.histograms().get("tcp_rtt").counts().size());
        // the checksums are a function of the loop count only: the same wherever it runs
        assertEquals("5", o.info().get("whetstone_count"));
        assertEquals("2000", o.info().get("dhrystone_count"));
    }
}
