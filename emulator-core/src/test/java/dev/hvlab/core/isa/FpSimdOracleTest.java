package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Random FP and AdvSIMD instructions drawn from the encoding table (registers 0-3), with inputs
 * from the FP edge cases and random FPCR (rounding mode, FZ, DN, AHP), run on qemu-aarch64 -cpu
 * cortex-a72 and on hvlab; V0-V3, X0-X3, FPSR and NZCV must agree. The seed is printed; set
 * -Dhvlab.fpOracle.seed / .count / .only (a pattern-name regex) to replay or widen; CI runs
 * -Dhvlab.fpOracle.count=1000000. All cases go through one qemu process ({@link FpSimdQemu}).
 *
 * <p>-Dhvlab.fpOracle.record=FILE writes the cases and qemu's outcomes as a golden file for
 * {@link FpSimdGoldenTest} instead of comparing.
 */
class FpSimdOracleTest {
    @Test
    void randomFpSimdInstructionsMatchQemu() throws Exception {
        Assumptions.assumeTrue(FpSimdQemu.available(), "qemu-aarch64 or aarch64-linux-gnu-as/ld not installed");
        long seed = Long.getLong("hvlab.fpOracle.seed", System.nanoTime());
        int count = Integer.getInteger("hvlab.fpOracle.count", 4000);
        String record = System.getProperty("hvlab.fpOracle.record", "");
        System.out.println("FpSimdOracleTest seed=" + seed + " count=" + count);
        FpSimdCases cases = new FpSimdCases(System.getProperty("hvlab.fpOracle.only", ""));
        Random r = new Random(seed);
        byte[] in = new byte[FpSimdQemu.CHUNK * FpSimdCases.IN];
        ByteBuffer ib = FpSimdCases.le(in);
        long start = System.nanoTime();
        try (FpSimdQemu qemu = new FpSimdQemu();
             OutputStream golden = record.isEmpty() ? null : FpSimdGolden.writer(Path.of(record), seed, count)) {
            for (int done = 0; done < count; ) {
                int n = Math.min(FpSimdQemu.CHUNK, count - done);
                for (int k = 0; k < n; k++) {
                    cases.generate(r, ib, k);
                }
                byte[] out = qemu.run(in, n, done + n == count);
                ByteBuffer ob = FpSimdCases.le(out);
                for (int k = 0; k < n; k++) {
                    cases.check(ib, k, ob);
                }
                if (golden != null) {
                    FpSimdGolden.append(golden, in, out, n);
                }
                done += n;
            }
        }
        System.out.printf("FpSimdOracleTest: %d cases in %.1f s, %s%n", cases.compared(),
                (System.nanoTime() - start) / 1e9, cases.summary());
        if (cases.mismatches() > 0) {
            System.out.println(cases.report());
        }
        assertTrue(cases.mismatches() == 0, () -> cases.summary() + " (seed " + seed + ")");
    }
}
