package dev.hvlab.bench.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.bench.run.Histogram;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing a Linux suite console: lxbench's lines, cyclictest's -h output, hackbench's, the frames. */
class SuiteOutputTest {
    /** rt-tests 2.4 cyclictest -h200 -q, one thread, as the guest printed it (zero rows elided here). */
    private static final String CYCLICTEST_ONE = """
            BEGIN cyclictest
            # /dev/cpu_dma_latency set to 0us
            # Histogram
            000000 000000
            000011 000490
            000012 000010
            000199 000000
            # Total: 000000500
            # Min Latencies: 00011
            # Avg Latencies: 00011
            # Max Latencies: 00012
            # Histogram Overflows: 00000
            # Histogram Overflow at cycle number:
            # Thread 0:

            END cyclictest status=0
            """;

    /** Two threads with tabs between the columns as cyclictest prints them, and overflows. */
    private static final String CYCLICTEST_TWO = "BEGIN cyclictest_t20\r\n"
            + "# Histogram\n"
            + "000003 000002\t000001\t\n"
            + "000005 000000\t000004\t\n"
            + "# Total: 000000003 000000007\n"
            + "# Min Latencies: 00003 00003\n"
            + "# Avg Latencies: 00010 00020\n"
            + "# Max Latencies: 00250 00300\n"
            + "# Histogram Overflows: 00001 00002\n"
            + "END cyclictest_t20 status=0\n";

    private static final String HACKBENCH = """
            BEGIN hackbench
            Running in process mode with 2 groups using 20 file descriptors each (== 40 tasks)
            Each sender will pass 10 messages of 100 bytes
            Time: 0.029
            END hackbench status=0
            """;

    private static final String LXBENCH = """
            BEGIN pipe
            INFO pipe_count=2000 pipe_ns=27251776
            RESULT name=pipe unit=lps better=higher value=73389.109
            END pipe status=0
            """;

    @Test
    void cyclictestOneThread() {
        SuiteOutput o = SuiteOutput.parse(CYCLICTEST_ONE + "DONE\n");
        assertNull(o.failure());
        assertEquals(11, o.metrics().get("cyclictest_min").value());
        assertEquals(11, o.metrics().get("cyclictest_avg").value());
        assertEquals(12, o.metrics().get("cyclictest_max").value());
        assertEquals(500, o.metrics().get("cyclictest_samples").value());
        // 490 samples at 11 us, 10 at 12 us: rank 495 of 500 is at 12 us
        assertEquals(12, o.metrics().get("cyclictest_p99").value());
        Histogram h = o.histograms().get("cyclictest");
        assertEquals(LinuxSuite.CYCLICTEST_BUCKETS + 1, h.counts().size());
        assertEquals(490, h.counts().get(11));
        assertEquals(10, h.counts().get(12));
        assertEquals(0, h.counts().get(LinuxSuite.CYCLICTEST_BUCKETS));
        assertEquals(500, h.total());
        assertEquals(1.0, h.width());
        assertEquals(List.of("cyclictest"), o.tests());
    }

    @Test
    void cyclictestThreadsAreSummedAndOverflowsAreTheLastBucket() {
        SuiteOutput o = SuiteOutput.parse(CYCLICTEST_TWO);
        assertNull(o.failure());
        Histogram h = o.histograms().get("cyclictest_t20");
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i <= LinuxSuite.CYCLICTEST_BUCKETS; i++) {
            expected.add(i == 3 ? 3L : i == 5 ? 4L : i == LinuxSuite.CYCLICTEST_BUCKETS ? 3L : 0L);
        }
        assertEquals(expected, h.counts());
        assertEquals(3, o.metrics().get("cyclictest_t20_min").value());
        assertEquals(300, o.metrics().get("cyclictest_t20_max").value());
        // averages 10 (3 samples) and 20 (7 samples): (30 + 140) / 10
        assertEquals(17, o.metrics().get("cyclictest_t20_avg").value());
        // 10 samples, rank 10 is in the overflow bucket: reported as its start, 200 us
        assertEquals(200, o.metrics().get("cyclictest_t20_p99").value());
        assertEquals(10, o.metrics().get("cyclictest_t20_samples").value());
    }

    @Test
    void hackbenchTimeAndLxbenchResults() {
        SuiteOutput o = SuiteOutput.parse(HACKBENCH + LXBENCH + "DONE\n");
        assertNull(o.failure());
        assertEquals(0.029, o.metrics().get("hackbench").value());
        assertEquals("s", o.metrics().get("hackbench").unit());
        assertEquals(73389.109, o.metrics().get("pipe").value());
        // 73389.109 / 12440 * 10 = 58.994...
        assertEquals(58.994, o.metrics().get("index_pipe").value());
        assertTrue(o.done());
        assertEquals(List.of("hackbench", "pipe"), o.tests());
        assertEquals("27251776", o.info().get("pipe_ns"));
    }

    @Test
    void failuresAreReportedNotGuessed() {
        assertEquals("pipe exited with status 1",
                SuiteOutput.parse(LXBENCH.replace("status=0", "status=1")).failure());
        assertTrue(SuiteOutput.parse("BEGIN hackbench\nEND hackbench status=0\n").failure().contains("no 'Time:'"));
        assertTrue(SuiteOutput.parse("BEGIN cyclictest\n# Histogram\nEND cyclictest status=0\n").failure()
                .contains("no histogram"));
        assertEquals("test pipe did not end", SuiteOutput.parse("BEGIN pipe\n").failure());
        assertTrue(SuiteOutput.parse("BEGIN ipi\nFAIL lxbench: ipi ROUNDS needs 2 CPUs\nEND ipi status=1\n").failure()
                .contains("needs 2 CPUs"));
    }

    @Test
    void kernelLinesBetweenTestsAreIgnored() {
        SuiteOutput o = SuiteOutput.parse("[    0.512000] random: crng init done\n" + LXBENCH
                + "[    1.000000] some kernel message\nDONE\n");
        assertNull(o.failure());
        assertEquals(1, o.metrics().keySet().stream().filter(k -> !k.startsWith("index_")).count());
    }
}
