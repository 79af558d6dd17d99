package dev.hvlab.core.isa;

import static dev.hvlab.core.isa.FPArithmetic.IDC;
import static dev.hvlab.core.isa.FPArithmetic.IOC;
import static dev.hvlab.core.isa.FPArithmetic.IXC;
import static dev.hvlab.core.isa.FPArithmetic.OFC;
import static dev.hvlab.core.isa.FPArithmetic.UFC;
import static dev.hvlab.core.isa.FPArithmetic.DZC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.PhysicalMemory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** FPArithmetic against values derived from IEEE 754 and the ARM ARM FP pseudocode. */
class FPArithmeticTest {
    private Cpu cpu;

    @BeforeEach
    void setUp() {
        cpu = new Cpu(0, new PhysicalMemory(), A64.decoder());
    }

    private static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private void mode(int rmode, boolean fz, boolean dn) {
        cpu.fpcr = (rmode << 22) | (fz ? FPArithmetic.FPCR_FZ : 0) | (dn ? FPArithmetic.FPCR_DN : 0);
        cpu.fpsr = 0;
    }

    @Test
    void addRoundsInEveryModeAndSignalsInexact() {
        // 1 + 2^-53 lies exactly halfway between 1 and 1+2^-52: ties-to-even gives 1.
        long a = d(1.0);
        long b = d(0x1p-53);
        mode(FPArithmetic.RN, false, false);
        assertEquals(d(1.0), FPArithmetic.add(a, b, 64, cpu));
        assertEquals(IXC, cpu.fpsr);
        mode(FPArithmetic.RP, false, false);
        assertEquals(d(1.0 + 0x1p-52), FPArithmetic.add(a, b, 64, cpu));
        mode(FPArithmetic.RM, false, false);
        assertEquals(d(1.0), FPArithmetic.add(a, b, 64, cpu));
        // x - x is +0 except when rounding toward minus infinity (IEEE 754 6.3).
        mode(FPArithmetic.RN, false, false);
        assertEquals(0L, FPArithmetic.sub(a, a, 64, cpu));
        mode(FPArithmetic.RM, false, false);
        assertEquals(d(-0.0), FPArithmetic.sub(a, a, 64, cpu));
        assertEquals(0, cpu.fpsr);
    }

    @Test
    void overflowFollowsTheRoundingMode() {
        long max = d(Double.MAX_VALUE);
        mode(FPArithmetic.RN, false, false);
        assertEquals(d(Double.POSITIVE_INFINITY), FPArithmetic.mul(max, d(2.0), 64, cpu));
        assertEquals(OFC | IXC, cpu.fpsr);
        mode(FPArithmetic.RZ, false, false);
        assertEquals(max, FPArithmetic.mul(max, d(2.0), 64, cpu));
        // Toward minus infinity a negative overflow is -Inf, a positive one the largest finite value.
        mode(FPArithmetic.RM, false, false);
        assertEquals(d(Double.NEGATIVE_INFINITY), FPArithmetic.mul(max, d(-2.0), 64, cpu));
        assertEquals(max, FPArithmetic.mul(max, d(2.0), 64, cpu));
    }

    @Test
    void underflowIsDetectedBeforeRoundingAndOnlyWhenInexact() {
        mode(FPArithmetic.RN, false, false);
        // MIN_NORMAL / 2 is an exact denormal: no flags.
        assertEquals(d(Double.MIN_NORMAL / 2), FPArithmetic.div(d(Double.MIN_NORMAL), d(2.0), 64, cpu));
        assertEquals(0, cpu.fpsr);
        // MIN_VALUE / 2 is a tie between 0 and MIN_VALUE: ties-to-even gives +0, tiny and inexact.
        assertEquals(0L, FPArithmetic.div(d(Double.MIN_VALUE), d(2.0), 64, cpu));
        assertEquals(UFC | IXC, cpu.fpsr);
    }

    @Test
    void flushToZeroFlushesInputsAndOutputs() {
        mode(FPArithmetic.RN, true, false);
        // A denormal input reads as zero and sets IDC: denormal + 1 = 1 exactly.
        assertEquals(d(1.0), FPArithmetic.add(d(Double.MIN_VALUE), d(1.0), 64, cpu));
        assertEquals(IDC, cpu.fpsr);
        // A result below the normal range is flushed to a signed zero with UFC and without IXC.
        cpu.fpsr = 0;
        assertEquals(d(-0.0), FPArithmetic.mul(d(-Double.MIN_NORMAL), d(0.5), 64, cpu));
        assertEquals(UFC, cpu.fpsr);
    }

    @Test
    void nanPropagationAndDefaultNaN() {
        long snan = 0x7ff4000000001234L;
        long qnan = 0x7ff800000000beefL;
        mode(FPArithmetic.RN, false, false);
        // FPProcessNaNs: a signalling NaN wins over a quiet one, is quietened, and signals IOC.
        assertEquals(0x7ffc000000001234L, FPArithmetic.add(qnan, snan, 64, cpu));
        assertEquals(IOC, cpu.fpsr);
        cpu.fpsr = 0;
        assertEquals(qnan, FPArithmetic.mul(d(1.0), qnan, 64, cpu));
        assertEquals(0, cpu.fpsr);
        // FPCR.DN replaces any NaN result by the default NaN.
        mode(FPArithmetic.RN, false, true);
        assertEquals(0x7ff8000000000000L, FPArithmetic.mul(d(1.0), qnan, 64, cpu));
        // Invalid operations give the default NaN.
        mode(FPArithmetic.RN, false, false);
        assertEquals(0x7fc00000L, FPArithmetic.mul(0x7f800000L, 0L, 32, cpu));
        assertEquals(IOC, cpu.fpsr);
        cpu.fpsr = 0;
        assertEquals(0xff800000L, FPArithmetic.div(0x3f800000L, 0x80000000L, 32, cpu));
        assertEquals(DZC, cpu.fpsr);
    }

    @Test
    void fusedMultiplyAddRoundsOnce() {
        mode(FPArithmetic.RN, false, false);
        double a = 1.0 + 0x1p-52;
        double b = 1.0 - 0x1p-52;
        // a*b = 1 - 2^-104 exactly: the fused result is -2^-104, a separate multiply would give 0.
        assertEquals(d(-0x1p-104), FPArithmetic.mulAdd(d(-1.0), d(a), d(b), 64, cpu));
        assertEquals(0, cpu.fpsr);
        // FPMulAdd: a quiet NaN addend with infinity times zero is the default NaN, with IOC.
        assertEquals(0x7ff8000000000000L, FPArithmetic.mulAdd(0x7ff8000000000001L, d(Double.POSITIVE_INFINITY), 0L, 64, cpu));
        assertEquals(IOC, cpu.fpsr);
    }

    @Test
    void squareRootIsCorrectlyRoundedInEveryMode() {
        // sqrt(2) = 1.41421356237309504880..., between the doubles 0x3ff6a09e667f3bcc and ...bcd; RN gives bcd.
        mode(FPArithmetic.RN, false, false);
        assertEquals(0x3ff6a09e667f3bcdL, FPArithmetic.sqrt(d(2.0), 64, cpu));
        mode(FPArithmetic.RZ, false, false);
        assertEquals(0x3ff6a09e667f3bccL, FPArithmetic.sqrt(d(2.0), 64, cpu));
        assertEquals(IXC, cpu.fpsr);
        mode(FPArithmetic.RN, false, false);
        assertEquals(d(-0.0), FPArithmetic.sqrt(d(-0.0), 64, cpu));
        assertEquals(0x7ff8000000000000L, FPArithmetic.sqrt(d(-1.0), 64, cpu));
        assertEquals(IOC, cpu.fpsr);
    }

    @Test
    void conversionsToIntegerRoundAndSaturate() {
        mode(FPArithmetic.RN, false, false);
        assertEquals(2L, FPArithmetic.toFixed(d(2.5), 64, 0, false, FPArithmetic.RN, 64, cpu));
        assertEquals(IXC, cpu.fpsr);
        assertEquals(3L, FPArithmetic.toFixed(d(2.5), 64, 0, false, FPArithmetic.RA, 64, cpu));
        assertEquals(-3L, FPArithmetic.toFixed(d(-2.5), 64, 0, false, FPArithmetic.RM, 64, cpu));
        cpu.fpsr = 0;
        assertEquals(0x7fffffffL, FPArithmetic.toFixed(d(0x1p31), 64, 0, false, FPArithmetic.RZ, 32, cpu));
        assertEquals(IOC, cpu.fpsr);
        cpu.fpsr = 0;
        assertEquals(0L, FPArithmetic.toFixed(0x7ff8000000000000L, 64, 0, false, FPArithmetic.RZ, 64, cpu));
        assertEquals(IOC, cpu.fpsr);
        cpu.fpsr = 0;
        // Fixed point: 1.75 with 2 fraction bits is 7.
        assertEquals(7L, FPArithmetic.toFixed(d(1.75), 64, 2, true, FPArithmetic.RZ, 32, cpu));
        assertEquals(0, cpu.fpsr);
        // Long.MIN_VALUE is exactly -2^63; 2^63+1 as unsigned rounds to 2^63 in single precision.
        assertEquals(d(-0x1p63), FPArithmetic.fromFixed(Long.MIN_VALUE, 64, 0, false, 64, FPArithmetic.RN, cpu));
        assertEquals(0x5f000000L, FPArithmetic.fromFixed(0x8000000000000001L, 64, 0, true, 32, FPArithmetic.RN, cpu));
    }

    @Test
    void precisionConversions() {
        mode(FPArithmetic.RN, false, false);
        // 65520 is the halfway point between the largest half (65504) and 2^16: rounds to infinity.
        assertEquals(0x7c00L, FPArithmetic.convert(d(65520.0), 64, 16, FPArithmetic.RN, cpu));
        assertEquals(OFC | IXC, cpu.fpsr);
        assertEquals(0x7bffL, FPArithmetic.convert(d(65519.0), 64, 16, FPArithmetic.RN, cpu));
        // A NaN keeps its top payload bits and becomes quiet.
        cpu.fpsr = 0;
        assertEquals(0x7fc00001L | 0x7fc00000L, FPArithmetic.convert(0x7ff0000020000000L, 64, 32, FPArithmetic.RN, cpu));
        assertEquals(IOC, cpu.fpsr);
        // Half 1.0 to double.
        assertEquals(d(1.0), FPArithmetic.convert(0x3c00L, 16, 64, FPArithmetic.RN, cpu));
    }

    @Test
    void roundToIntegralKeepsTheSign() {
        mode(FPArithmetic.RN, false, false);
        assertEquals(d(-0.0), FPArithmetic.roundInt(d(-0.3), 64, FPArithmetic.RN, true, cpu));
        assertEquals(IXC, cpu.fpsr);
        assertEquals(d(-1.0), FPArithmetic.roundInt(d(-0.3), 64, FPArithmetic.RM, false, cpu));
        assertEquals(d(4.0), FPArithmetic.roundInt(d(3.5), 64, FPArithmetic.RN, false, cpu));
        assertEquals(d(4.0), FPArithmetic.roundInt(d(3.5), 64, FPArithmetic.RA, false, cpu));
        assertEquals(d(2.0), FPArithmetic.roundInt(d(2.5), 64, FPArithmetic.RN, false, cpu));
    }
}
