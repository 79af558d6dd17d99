package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hvlab bench runs JMH's runner over the benchmarks in the jar; this checks the wiring, not figures. */
class BenchCommandTest {
    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeAll
    static void shareJmhWithOtherRuns() {
        // JMH takes a machine-wide lock; a benchmark measured at the same time must not fail this test.
        System.setProperty("jmh.ignoreLock", "true");
    }

    @Test
    void runsTheSelectedTrapPathInThisJvmAndWritesJmhJson() throws Exception {
        Path json = dir.resolve("jmh.json");
        CliRun r = hvlab("bench", "TrapPathBenchmark", "-p", "hypervisor=jailhouse", "-p", "path=hvc", "--quick",
                "--forks", "0", "--json", json.toString());
        assertEquals(0, r.status(), r.err());
        String result = Files.readString(json);
        assertTrue(result.contains("\"benchmark\" : \"dev.hvlab.bench.TrapPathBenchmark.trap\""), result);
        assertTrue(result.contains("\"hypervisor\" : \"jailhouse\""), result);
    }

    @Test
    void badInputIsOneLine() {
        assertEquals("hvlab bench: no benchmark matches [NoSuchBenchmark]",
                hvlab("bench", "NoSuchBenchmark", "--forks", "0").oneLineError(2));
        assertEquals("hvlab bench: --forks must be 0 or more, not -1", hvlab("bench", "--forks", "-1").oneLineError(2));
    }
}
