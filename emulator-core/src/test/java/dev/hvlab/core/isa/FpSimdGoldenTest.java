package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Replays the recorded FP/AdvSIMD oracle (fporacle/golden.bin.gz: random instructions with edge-case
 * inputs and what qemu-aarch64 -cpu cortex-a72 computed, FPSR included) against hvlab, without
 * qemu. Re-record with {@code -Dtest=FpSimdOracleTest -Dhvlab.fpOracle.count=20000
 * -Dhvlab.fpOracle.record=src/test/resources/fporacle/golden.bin.gz}.
 */
class FpSimdGoldenTest {
    static final String GOLDEN = "/fporacle/golden.bin.gz";

    @Test
    void hvlabMatchesTheRecordedQemuOutcomes() throws Exception {
        FpSimdGolden.Cases c;
        try (InputStream in = FpSimdGoldenTest.class.getResourceAsStream(GOLDEN)) {
            assertNotNull(in, "missing resource " + GOLDEN);
            c = FpSimdGolden.read(in);
        }
        assertTrue(c.count() >= 20000, "cases: " + c.count());
        FpSimdCases cases = new FpSimdCases("");
        ByteBuffer ib = FpSimdCases.le(c.in());
        ByteBuffer ob = FpSimdCases.le(c.out());
        for (int k = 0; k < c.count(); k++) {
            cases.check(ib, k, ob);
        }
        System.out.println("FpSimdGoldenTest: seed " + c.seed() + ", " + cases.summary());
        if (cases.mismatches() > 0) {
            System.out.println(cases.report());
        }
        assertTrue(cases.mismatches() == 0, cases::summary);
    }
}
