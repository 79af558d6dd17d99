package dev.hvlab.core.isa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.Op;
import dev.hvlab.core.cpu.Undefined;
import dev.hvlab.core.decode.Decoder;
import dev.hvlab.core.decode.Field;
import dev.hvlab.core.decode.Pattern;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.FpAccess;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * AArch64.CheckFPAdvSIMDEnabled() on every FP/AdvSIMD instruction, SIMD&FP loads/stores and FMOV
 * to/from general registers included: with FP disabled the instruction has no effect and raises
 * EC 0x07 (ISS 0x1E00000, as the ARM ARM's AArch64.AdvSIMDFPAccessTrap sets it) to the EL the
 * controlling register names.
 */
class FpAccessTrapTest {
    private static final long RAM = 0x4000_0000L;

    private static Cpu cpu(int el) {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, 1 << 16);
        Cpu cpu = new Cpu(0, m, A64.decoder());
        cpu.el = el;
        cpu.spSel = el == 0 ? 0 : 1;
        return cpu;
    }

    private static boolean fpClass(Pattern p) {
        String c = p.encodingClass();
        return c.startsWith("fp_") || c.startsWith("simd_") || c.equals("ldst_v") || c.startsWith("ldst_simd");
    }

    @Test
    void everyFpSimdEncodingTrapsWhenCpacrFpenIsZero() {
        Decoder dec = A64.decoder();
        Random r = new Random(4);
        int patterns = 0;
        for (Pattern p : dec.table().patterns()) {
            if (!fpClass(p)) {
                continue;
            }
            int tried = 0;
            for (int attempt = 0; attempt < 4000 && tried < 8; attempt++) {
                int w = (r.nextInt() & ~p.mask()) | p.value();
                for (Field f : p.fields()) {
                    if (f.name().equals("rn") && f.len() == 5) {
                        w = (w & ~(31 << f.pos())) | (1 << f.pos()); // base register X1 -> RAM
                    }
                }
                if (dec.match(w) != p || !dec.isAllocated(w)) {
                    continue;
                }
                Op op = dec.decode(w);
                if (op instanceof Undefined) {
                    continue;
                }
                tried++;
                for (int el = 0; el <= 1; el++) {
                    Cpu cpu = cpu(el);
                    cpu.sysregs.cpacrEl1 = 0;
                    FpAccess.recompute(cpu);
                    for (int k = 0; k < 31; k++) {
                        cpu.x[k] = RAM + 0x8000;
                    }
                    for (int k = 0; k < 64; k++) {
                        cpu.vreg[k] = 0x3FF0_0000_0000_0000L + k;
                    }
                    long[] x = cpu.x.clone();
                    long[] v = cpu.vreg.clone();
                    try {
                        op.exec(cpu, RAM + 0x100);
                        fail(String.format("%s %08x at EL%d: executed with CPACR_EL1.FPEN = 0", p.name(), w, el));
                    } catch (ArchitecturalException e) {
                        assertEquals(ExceptionClass.FP_ACCESS, e.ec, p.name() + String.format(" %08x", w));
                        assertEquals(0x1E00000, e.iss);
                        assertEquals(1, e.targetEl);
                        assertEquals(RAM + 0x100, e.preferredReturn);
                    }
                    assertArrayEquals(x, cpu.x, p.name() + ": no effect on the X registers");
                    assertArrayEquals(v, cpu.vreg, p.name() + ": no effect on the V registers");
                    assertEquals(0, cpu.fpsr, p.name() + ": no effect on FPSR");
                }
            }
            assertTrue(tried > 0, "no executable encoding found for " + p.name());
            patterns++;
        }
        assertTrue(patterns > 400, "patterns checked: " + patterns);
    }

    @Test
    void faddTrapsToEl1UnderCpacrAndToEl2UnderCptrTfp() {
        int fadd = OneInstruction.enc("FADD_s", "ftype", 1, "rm", 2, "rn", 1, "rd", 0);
        Op op = A64.decoder().decode(fadd);

        Cpu cpu = cpu(1);
        op.exec(cpu, RAM); // FPEN = 0b11 at reset in hvlab: allowed
        cpu.sysregs.cpacrEl1 = 0b01L << 20; // EL0 traps, EL1 does not
        FpAccess.recompute(cpu);
        op.exec(cpu, RAM);
        cpu.el = 0;
        cpu.spSel = 0;
        ArchitecturalException e = trap(op, cpu);
        assertEquals(ExceptionClass.FP_ACCESS, e.ec);
        assertEquals(1, e.targetEl);

        Cpu c2 = cpu(1);
        c2.sysregs.scrEl3 = SystemRegisterFile.SCR_NS; // EL2 enabled (Non-secure)
        c2.sysregs.cptrEl2 |= SystemRegisterFile.CPTR_TFP;
        FpAccess.recompute(c2);
        e = trap(op, c2);
        assertEquals(ExceptionClass.FP_ACCESS, e.ec);
        assertEquals(2, e.targetEl);
        c2.el = 0;
        c2.spSel = 0;
        assertEquals(2, trap(op, c2).targetEl, "EL0 too");
        c2.el = 3;
        op.exec(c2, RAM); // CPTR_EL2 does not apply at EL3

        c2.sysregs.scrEl3 = 0; // Secure: no EL2 (ARMv8.0), CPTR_EL2 ignored
        FpAccess.recompute(c2);
        c2.el = 1;
        op.exec(c2, RAM);
    }

    @Test
    void fmovToAndFromGeneralRegistersTrap() {
        for (int w : new int[] {
            OneInstruction.enc("FMOV_g", "sf", 1, "ftype", 1, "rmode", 0, "o", 1, "rn", 1, "rd", 0), // FMOV D0, X1
            OneInstruction.enc("FMOV_g", "sf", 1, "ftype", 1, "rmode", 0, "o", 0, "rn", 1, "rd", 0), // FMOV X0, D1
        }) {
            Op op = A64.decoder().decode(w);
            Cpu cpu = cpu(0);
            cpu.sysregs.cpacrEl1 = 0;
            FpAccess.recompute(cpu);
            cpu.x[1] = 5;
            assertEquals(ExceptionClass.FP_ACCESS, trap(op, cpu).ec);
            assertEquals(0, cpu.x[0]);
            assertEquals(0, cpu.vreg[0]);
        }
    }

    private static ArchitecturalException trap(Op op, Cpu cpu) {
        try {
            op.exec(cpu, RAM);
        } catch (ArchitecturalException e) {
            assertNotNull(e);
            return e;
        }
        throw new AssertionError("no trap");
    }
}
