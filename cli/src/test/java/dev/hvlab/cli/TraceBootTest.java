package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hvlab boot --trace}: to stderr or a file, filtered by EL, and the option errors. */
class TraceBootTest {
    @TempDir
    Path dir;

    private static final String KERNEL = GdbBootTest.PROGRAM.toString();

    @Test
    void excTraceGoesToStderrByDefaultAndDoesNotChangeTheRun() {
        CliRun plain = hvlab("boot", "--board", "imx8qm", "--cpus", "2", "--kernel", KERNEL);
        CliRun traced = hvlab("boot", "--board", "imx8qm", "--cpus", "2", "--kernel", KERNEL, "--trace", "exc");
        assertEquals(0, traced.status(), traced.err());
        // CPU 0 at EL3: PSCI CPU_ON and SYSTEM_OFF are SMCs the EL3 firmware model serves
        assertTrue(traced.err().lines().anyMatch(l -> l.matches(
                "cpu0 EL3 #\\d+ exc SMC64 at 0x[0-9a-f]+ served by a model at EL3, continues at 0x[0-9a-f]+")), traced.err());
        String summary = plain.err().strip();
        assertTrue(traced.err().contains(summary.substring(0, summary.indexOf(" simulated,"))), "same run: " + traced.err());
    }

    @Test
    void aTraceFileFilteredByElHoldsOnlyThatEl() throws Exception {
        Path file = dir.resolve("trace.txt");
        CliRun r = hvlab("boot", "--board", "imx8qm", "--cpus", "2", "--kernel", KERNEL, "--quiet",
                "--trace", "insn,exc,sysreg", "--trace-el", "2", "--trace-file", file.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        List<String> lines = Files.readAllLines(file);
        assertFalse(lines.isEmpty());
        // CPU 1 runs at EL2 (entered by CPU_ON); CPU 0 stays at EL3 and is filtered out
        assertTrue(lines.stream().allMatch(l -> l.startsWith("cpu1 EL2 ")), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains(" insn ")));
    }

    @Test
    void theLimitBoundsTheFile() throws Exception {
        Path file = dir.resolve("trace.txt");
        CliRun r = hvlab("boot", "--board", "imx8qm", "--cpus", "2", "--kernel", KERNEL, "--quiet",
                "--trace", "insn", "--trace-limit", "1k", "--trace-file", file.toString());
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(file);
        String last = "hvlab: trace limit of 1024 bytes reached, tracing stopped\n";
        assertTrue(text.endsWith(last), text);
        assertTrue(text.length() - last.length() <= 1024, "size " + text.length());
    }

    @Test
    void badTraceOptionsAreOneLineErrors() {
        assertTrue(hvlab("boot", "--trace", "insn,bogus").oneLineError(ExitCodes.USAGE).contains("unknown trace kind 'bogus'"));
        assertTrue(hvlab("boot", "--trace-el", "1").oneLineError(ExitCodes.USAGE).contains("need --trace"));
        assertTrue(hvlab("boot", "--trace", "insn", "--trace-range", "0x2000-0x1000").oneLineError(ExitCodes.USAGE)
                .contains("empty"));
        assertTrue(hvlab("boot", "--trace", "insn", "--trace-limit", "lots").oneLineError(ExitCodes.USAGE)
                .contains("expected bytes"));
    }
}
