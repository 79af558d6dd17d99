package dev.hvlab.core.firmware;

import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_HCE;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.sysreg.SystemRegisterFile;

/**
 * The state in which EL3 firmware hands a CPU to Non-secure software, as TF-A's PSCI library does
 * for CPU_ON and cold boot (psci_get_ns_ep_info, cm_prepare_el3_exit) and as the Linux arm64 boot
 * protocol (Documentation/arm64/booting.rst) requires: at EL2 when SCR_EL3.HCE allows hypervisor
 * calls (EL2 is in use), otherwise at EL1; SP_ELx selected; D, A, I, F masked; the MMU and caches
 * of that EL off; X0 = the argument (context id for CPU_ON, the DTB address at boot), the other
 * general-purpose registers zero.
 *
 * <p>The SCTLR of the entered EL is set to its reset value (MMU, caches, alignment checks off):
 * whoever caches translation controls must learn of it; the software TLBs are flushed here.
 */
public final class NonSecureEntry {
    /** DAIF with D, A, I and F set (bits 9:6). */
    private static final int DAIF_ALL = 0xF << 6;

    private NonSecureEntry() {
    }

    /** The EL at which Non-secure software is entered, per SCR_EL3.HCE. */
    public static int entryEl(Cpu cpu) {
        return (cpu.sysregs.scrEl3 & SCR_HCE) != 0 ? 2 : 1;
    }

    /** Prepares {@code cpu} to start at {@code entry} with X0 = {@code x0}. */
    public static void prepare(Cpu cpu, long entry, long x0) {
        int el = entryEl(cpu);
        // Save the stack pointer PSTATE selected so far, then select SP_ELx of the new EL.
        cpu.spEl[cpu.spSel == 0 ? 0 : cpu.el] = cpu.x[Cpu.SP];
        for (int r = 0; r <= 30; r++) {
            cpu.x[r] = 0;
        }
        cpu.x[0] = x0;
        cpu.el = el;
        cpu.spSel = 1;
        cpu.x[Cpu.SP] = cpu.spEl[el];
        cpu.daif = DAIF_ALL;
        cpu.setNzcv(0);
        cpu.il = false;
        cpu.exclusiveOpen = false;
        cpu.pc = entry;
        if (el == 2) {
            cpu.sysregs.sctlrEl2 = SystemRegisterFile.SCTLR_EL2_RESET;
        } else {
            cpu.sysregs.sctlrEl1 = SystemRegisterFile.SCTLR_EL1_RESET;
        }
        cpu.switchTlb(el);
        cpu.flushTlb();
        cpu.interruptsChanged();
    }
}
