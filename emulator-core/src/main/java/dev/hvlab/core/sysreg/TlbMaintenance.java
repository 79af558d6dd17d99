package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.Access.OK;
import static dev.hvlab.core.sysreg.Access.TRAP_EL2;

import dev.hvlab.core.cpu.AccessType;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.mmu.SystemTranslator;
import dev.hvlab.core.mmu.TranslationResult;

/**
 * TLB maintenance (TLBI) and address translation (AT) instructions (ARM ARM C5.5, C5.3.x).
 *
 * <p>TLBI: the software TLB caches 4 KiB pages per EL without ASID or VMID tags, so every TLBI
 * invalidates all of this CPU's cached translations (and, for the Inner Shareable forms or with
 * HCR_EL2.FB, those of every CPU through {@link SystemRegisterFile#tlbBroadcast}). That is never
 * less than the architecture requires; it costs host time, not guest cycles.
 *
 * <p>AT: walks the requested regime and stages without raising an exception (except a stage 2
 * fault on the stage 1 walk of an AT executed at EL1, which is taken to EL2) and writes PAR_EL1.
 */
final class TlbMaintenance {
    static final long HCR_FB = 1L << 9;
    static final long HCR_TTLB = 1L << 25;

    private TlbMaintenance() {
    }

    static void addTo(SystemRegisters t) {
        AccessRule el1 = AccessRule.atLeast(1).then((cpu, read) ->
                cpu.el == 1 && cpu.sysregs.el2Enabled() && (cpu.sysregs.hcrEl2 & HCR_TTLB) != 0 ? TRAP_EL2 : OK);
        AccessRule el2 = AccessRule.atLeast(2);
        AccessRule el3 = AccessRule.atLeast(3);
        String[] names1 = {"VMALLE1", "VAE1", "ASIDE1", "VAAE1", null, "VALE1", null, "VAALE1"};
        for (int op2 = 0; op2 < 8; op2++) {
            if (names1[op2] != null) {
                t.add(new SystemInstruction("TLBI " + names1[op2] + "IS", 0, 8, 3, op2, el1, TlbMaintenance::broadcast));
                t.add(new SystemInstruction("TLBI " + names1[op2], 0, 8, 7, op2, el1, TlbMaintenance::local));
            }
        }
        t.add(new SystemInstruction("TLBI IPAS2E1IS", 4, 8, 0, 1, el2, TlbMaintenance::broadcast));
        t.add(new SystemInstruction("TLBI IPAS2LE1IS", 4, 8, 0, 5, el2, TlbMaintenance::broadcast));
        t.add(new SystemInstruction("TLBI IPAS2E1", 4, 8, 4, 1, el2, TlbMaintenance::local));
        t.add(new SystemInstruction("TLBI IPAS2LE1", 4, 8, 4, 5, el2, TlbMaintenance::local));
        String[] names2 = {"ALLE2", "VAE2", null, null, "ALLE1", "VALE2", "VMALLS12E1", null};
        for (int op2 = 0; op2 < 8; op2++) {
            if (names2[op2] != null) {
                t.add(new SystemInstruction("TLBI " + names2[op2] + "IS", 4, 8, 3, op2, el2, TlbMaintenance::broadcast));
                t.add(new SystemInstruction("TLBI " + names2[op2], 4, 8, 7, op2, el2, TlbMaintenance::local));
            }
        }
        String[] names3 = {"ALLE3", "VAE3", null, null, null, "VALE3", null, null};
        for (int op2 = 0; op2 < 8; op2++) {
            if (names3[op2] != null) {
                t.add(new SystemInstruction("TLBI " + names3[op2] + "IS", 6, 8, 3, op2, el3, TlbMaintenance::broadcast));
                t.add(new SystemInstruction("TLBI " + names3[op2], 6, 8, 7, op2, el3, TlbMaintenance::local));
            }
        }

        t.add(new SystemInstruction("AT S1E1R", 0, 7, 8, 0, AccessRule.atLeast(1), (c, x) -> at(c, x, 1, false, false, false)));
        t.add(new SystemInstruction("AT S1E1W", 0, 7, 8, 1, AccessRule.atLeast(1), (c, x) -> at(c, x, 1, false, true, false)));
        t.add(new SystemInstruction("AT S1E0R", 0, 7, 8, 2, AccessRule.atLeast(1), (c, x) -> at(c, x, 1, true, false, false)));
        t.add(new SystemInstruction("AT S1E0W", 0, 7, 8, 3, AccessRule.atLeast(1), (c, x) -> at(c, x, 1, true, true, false)));
        t.add(new SystemInstruction("AT S1E2R", 4, 7, 8, 0, el2, (c, x) -> at(c, x, 2, false, false, false)));
        t.add(new SystemInstruction("AT S1E2W", 4, 7, 8, 1, el2, (c, x) -> at(c, x, 2, false, true, false)));
        t.add(new SystemInstruction("AT S12E1R", 4, 7, 8, 4, el2, (c, x) -> at(c, x, 1, false, false, true)));
        t.add(new SystemInstruction("AT S12E1W", 4, 7, 8, 5, el2, (c, x) -> at(c, x, 1, false, true, true)));
        t.add(new SystemInstruction("AT S12E0R", 4, 7, 8, 6, el2, (c, x) -> at(c, x, 1, true, false, true)));
        t.add(new SystemInstruction("AT S12E0W", 4, 7, 8, 7, el2, (c, x) -> at(c, x, 1, true, true, true)));
        t.add(new SystemInstruction("AT S1E3R", 6, 7, 8, 0, el3, (c, x) -> at(c, x, 3, false, false, false)));
        t.add(new SystemInstruction("AT S1E3W", 6, 7, 8, 1, el3, (c, x) -> at(c, x, 3, false, true, false)));
    }

    private static void local(Cpu cpu, long xt) {
        // HCR_EL2.FB forces EL1's TLB maintenance to be broadcast within the Inner Shareable domain.
        if (cpu.el == 1 && cpu.sysregs.el2Enabled() && (cpu.sysregs.hcrEl2 & HCR_FB) != 0) {
            broadcast(cpu, xt);
        } else {
            cpu.flushTlb();
        }
    }

    private static void broadcast(Cpu cpu, long xt) {
        cpu.sysregs.tlbBroadcast.invalidateAll(cpu);
    }

    /**
     * {@code AArch64.AT}: translates {@code va} in the EL1&0 ({@code regimeEl} 1), EL2 or EL3
     * regime, with EL0 permissions for the S1E0/S12E0 forms, through stage 2 only for S12 (stage
     * 1 tables are still read through stage 2), and writes PAR_EL1.
     */
    private static void at(Cpu cpu, long va, int regimeEl, boolean el0, boolean write, boolean stage12) {
        if (!(cpu.translator() instanceof SystemTranslator st)) {
            cpu.sysregs.parEl1 = 1; // no MMU model (user mode): report a fault
            return;
        }
        AccessType type = write ? AccessType.WRITE : AccessType.READ;
        st.walker().stage1Output = !stage12;
        boolean ok;
        try {
            ok = st.walk(cpu, va, type, regimeEl, el0);
        } finally {
            st.walker().stage1Output = false;
        }
        TranslationResult r = st.walker().result;
        if (ok) {
            long attr = (cpu.sysregs.mair[regimeEl] >>> (8 * r.attrIndex)) & 0xFF;
            boolean s1Off = !stage1Enabled(cpu, regimeEl);
            if (s1Off) {
                attr = 0x44; // Normal Non-cacheable when stage 1 is off (ARM ARM, PAR_EL1.ATTR)
            }
            // Bit 11 is RES1. NS is UNKNOWN for a Non-secure regime: report the output address
            // space, Non-secure, as QEMU and Cortex-A cores do.
            boolean nonSecure = regimeEl < 3 && (cpu.sysregs.scrEl3 & SystemRegisterFile.SCR_NS) != 0;
            cpu.sysregs.parEl1 = attr << 56 | (r.pa & 0x0000_FFFF_FFFF_F000L) | (long) (s1Off ? 0 : r.shareability) << 7
                    | (nonSecure ? 1L << 9 : 0) | 1L << 11;
            return;
        }
        if (r.stage == 2 && r.s1ptw && cpu.el == 1) {
            // A stage 2 fault on the stage 1 walk of an AT at EL1 is taken to EL2 (ISS.CM = 1, S1PTW = 1).
            int iss = r.fault.statusCode(r.level) | 1 << 7 | 1 << 8 | (write ? 1 << 6 : 0);
            ArchitecturalException e = cpu.raise(ExceptionClass.DATA_ABORT_LOWER, iss, cpu.pc);
            e.targetEl = 2;
            e.far = va;
            e.farValid = true;
            e.ipa = r.ipa;
            e.ipaValid = true;
            throw e;
        }
        // F = 1, FST, PTW (stage 2 fault on a stage 1 walk), S (stage 2).
        cpu.sysregs.parEl1 = 1 | (long) r.fault.statusCode(r.level) << 1 | (r.s1ptw ? 1L << 8 : 0)
                | (r.stage == 2 ? 1L << 9 : 0) | 1L << 11;
    }

    private static boolean stage1Enabled(Cpu cpu, int regimeEl) {
        SystemRegisterFile s = cpu.sysregs;
        return switch (regimeEl) {
            case 2 -> (s.sctlrEl2 & 1) != 0;
            case 3 -> (s.sctlrEl3 & 1) != 0;
            default -> (s.sctlrEl1 & 1) != 0
                    && !(s.el2Enabled() && (s.hcrEl2 & (SystemTranslator.HCR_DC | SystemTranslator.HCR_TGE)) != 0);
        };
    }
}
