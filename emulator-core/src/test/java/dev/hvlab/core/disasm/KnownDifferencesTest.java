package dev.hvlab.core.disasm;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The excuses for objdump/hvlab differences stay as narrow as their reasons. */
class KnownDifferencesTest {
    private static final String UNDEFINED = ".inst 0x1ee92bc8 ; undefined";

    @Test
    void halfPrecisionArithmeticIsALaterExtension() {
        // objdump's text for 1ee92bc8 and 0f251aaa (FEAT_FP16).
        assertNotNull(KnownDifferences.reason("fadd h8, h30, h9", UNDEFINED));
        assertNotNull(KnownDifferences.reason("fmla v10.4h, v21.4h, v5.h[6]", UNDEFINED));
    }

    @Test
    void halfPrecisionConversionsOfArmv80AreNotExcused() {
        // objdump's text for 1e63c0ff and 4e217994: ARMv8.0 FCVT and FCVTL2 take half precision.
        assertNull(KnownDifferences.reason("fcvt h31, d7", UNDEFINED));
        assertNull(KnownDifferences.reason("fcvtl2 v20.4s, v12.8h", UNDEFINED));
        // Integer AdvSIMD on halfwords (objdump's text for 4e6827ac) is ARMv8.0.
        assertNull(KnownDifferences.reason("shsub v12.8h, v29.8h, v8.8h", UNDEFINED));
    }

    @Test
    void onlyAnUndefinedHvlabTextIsExcused() {
        assertNull(KnownDifferences.reason("fadd h8, h30, h9", "fadd s8, s30, s9"));
    }

    @Test
    void onlyTheCryptoFormOfPmullIsExcused() {
        // objdump's text for 0ef2e3fa (64-bit PMULL) and 0e38e3f8 (8-bit PMULL, ARMv8.0).
        assertNull(KnownDifferences.reason("pmull v26.1q, v31.1d, v18.1d", UNDEFINED), "the crypto extension is implemented");
        assertNull(KnownDifferences.reason("pmull v24.8h, v31.8b, v24.8b", UNDEFINED));
    }
}
