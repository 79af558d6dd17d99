package dev.hvlab.core.difftest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Replays QEMU's recorded behaviour (difftest/golden.bin.gz, made by {@code DiffTest record}) against
 * hvlab, with no QEMU needed: every state before every instruction, the termination and stdout.
 */
class DifferentialGoldenTest {
    static final String GOLDEN = "/difftest/golden.bin.gz";

    @Test
    void hvlabMatchesTheRecordedQemuRuns() throws Exception {
        List<GoldenFile.Entry> entries;
        try (InputStream in = DifferentialGoldenTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, "missing resource " + GOLDEN);
            entries = GoldenFile.read(in);
        }
        assertFalse(entries.isEmpty());
        List<HvlabRunner.Mismatch> mismatches = new ArrayList<>();
        Map<String, Integer> byCulprit = new TreeMap<>();
        Map<String, Integer> terminations = new TreeMap<>();
        long instructions = 0;
        for (GoldenFile.Entry e : entries) {
            HvlabRunner.Mismatch m = HvlabRunner.compare(e.program(), e.trace());
            terminations.merge(Trace.describe(e.trace().termination()), 1, Integer::sum);
            if (m != null) {
                mismatches.add(m);
                byCulprit.merge(m.culprit(), 1, Integer::sum);
            }
            instructions += e.trace().states().size()
                    - (e.trace().termination() == 0 ? ProgramGenerator.EPILOGUE_LENGTH : 0);
        }
        DiffTest.Summary s = new DiffTest.Summary(entries.get(0).program().seed(), entries.size(), instructions,
                mismatches, byCulprit, DiffTest.DEFAULT_PROGRAM_LENGTH, terminations);
        System.out.print("DifferentialGoldenTest: " + s.describe());
        assertTrue(mismatches.isEmpty(), s.describe());
    }
}
