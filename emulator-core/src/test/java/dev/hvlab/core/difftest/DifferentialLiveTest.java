package dev.hvlab.core.difftest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hvlab against qemu-aarch64 on fresh random programs (TESTING.md section 1). CI runs it with
 * {@code -Dhvlab.difftest.instructions=1000000}; the default is small so a plain build stays fast.
 * The seed is printed; replay with {@code -Dhvlab.seed=...}.
 */
class DifferentialLiveTest {
    @Test
    void hvlabMatchesQemuOnRandomPrograms(@TempDir Path dir) {
        Assumptions.assumeTrue(QemuRunner.available(), "qemu-aarch64 not installed");
        long seed = DiffTest.seedProperty();
        long n = DiffTest.longProperty("hvlab.difftest.instructions", 20_000);
        int length = (int) DiffTest.longProperty("hvlab.difftest.programLength", DiffTest.DEFAULT_PROGRAM_LENGTH);
        System.out.println("DifferentialLiveTest: -Dhvlab.seed=" + seed + " -Dhvlab.difftest.instructions=" + n);
        DiffTest.Summary s = DiffTest.live(seed, n, length, dir, System.out);
        System.out.print(s.describe());
        assertTrue(s.mismatches().isEmpty(), s.describe());
    }
}
