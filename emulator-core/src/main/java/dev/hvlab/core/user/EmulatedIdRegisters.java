package dev.hvlab.core.user;

import dev.hvlab.core.sysreg.CoreIdentity;
import java.util.OptionalLong;

/**
 * Linux's emulation of EL0 reads of the CPU ID registers (arch/arm64/kernel/cpufeature.c,
 * {@code emulate_mrs}): an MRS of MIDR_EL1, MPIDR_EL1, REVIDR_EL1 or of the ID_AA64* space is
 * UNDEFINED at EL0 (or traps with EC=0x18 with FEAT_IDST); the kernel then returns the
 * sanitised, user-visible value and skips the instruction. glibc relies on it when AT_HWCAP has
 * HWCAP_CPUID. qemu-user does the same.
 *
 * <p>Sanitising follows the kernel's rules: MIDR_EL1 is returned as is, MPIDR_EL1 as the safe
 * value (bit 31 set, affinity 0), REVIDR_EL1 as 0; in ID_AA64PFR0/PFR1/ISAR0/ISAR1 the fields
 * Linux marks visible pass through and hidden fields read as their safe value; every other
 * register of the emulated space (CRm 2-7) reads as 0, which is exactly right for the unallocated
 * ones and the registers of no interest to user space on a Cortex-A72 (MMFR*, DFR*, AFR*, ZFR0),
 * and an approximation for hidden fields whose safe value is non-zero.
 */
final class EmulatedIdRegisters {
    private static final long MPIDR_SAFE_VAL = 1L << 31;

    private EmulatedIdRegisters() {
    }

    /** True when {@code insn} is an MRS that Linux emulates (op0=3, op1=0, CRn=0, CRm 0 or 2-7). */
    static boolean isEmulated(int insn) {
        if ((insn & 0xFFF0_0000) != 0xD530_0000) { // MRS: 1101010100 1 1 o0 ...
            return false;
        }
        int op0 = 2 + ((insn >>> 19) & 1);
        int op1 = (insn >>> 16) & 7;
        int crn = (insn >>> 12) & 0xF;
        int crm = (insn >>> 8) & 0xF;
        return op0 == 3 && op1 == 0 && crn == 0 && (crm == 0 || (crm >= 2 && crm <= 7));
    }

    /** The value an emulated MRS returns, or empty when Linux would deliver SIGILL. */
    static OptionalLong read(int insn, CoreIdentity id) {
        if (!isEmulated(insn)) {
            return OptionalLong.empty();
        }
        int crm = (insn >>> 8) & 0xF;
        int op2 = (insn >>> 5) & 7;
        if (crm == 0) {
            return switch (op2) {
                case 0 -> OptionalLong.of(raw(id, crm, op2)); // MIDR_EL1
                case 5 -> OptionalLong.of(MPIDR_SAFE_VAL);  // MPIDR_EL1
                case 6 -> OptionalLong.of(0);               // REVIDR_EL1: IMPLEMENTATION DEFINED, emulated as 0
                default -> OptionalLong.empty();
            };
        }
        long raw = raw(id, crm, op2);
        return OptionalLong.of(switch (crm << 3 | op2) {
            // ID_AA64PFR0_EL1: DIT, SVE, AdvSIMD, FP visible; EL0 and EL1 hidden with safe value 1 (AArch64 only).
            case 4 << 3 | 0 -> (raw & 0x000F_000F_00FF_0000L) | 0x11;
            // ID_AA64PFR1_EL1: BT, SSBS, MTE visible.
            case 4 << 3 | 1 -> raw & 0xFFFL;
            // ID_AA64ISAR0_EL1: all but TLB (59:56) and the reserved fields visible.
            case 6 << 3 | 0 -> raw & 0xF0FF_FFFF_F0FF_FFF0L;
            // ID_AA64ISAR1_EL1: all but GPI, GPA (generic pointer authentication) visible.
            case 6 << 3 | 1 -> raw & 0xFFFF_FFFF_00FF_FFFFL;
            default -> 0L;
        });
    }

    /**
     * The raw (unsanitised) value of the ID register (op0=3, op1=0, CRn=0, {@code crm}, {@code op2})
     * of the core, from the same {@link CoreIdentity} the system-register table reads, so the
     * emulation and the full-system model cannot disagree.
     */
    static long raw(CoreIdentity id, int crm, int op2) {
        return switch (crm << 3 | op2) {
            case 0 -> id.midr();
            case 6 -> id.revidr();
            default -> crm == 0 ? 0L : id.idRegister(crm, op2);
        };
    }
}
