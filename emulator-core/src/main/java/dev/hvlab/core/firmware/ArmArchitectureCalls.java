package dev.hvlab.core.firmware;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.sysreg.CoreIdentity;

/**
 * The Arm Architecture Calls of the SMC Calling Convention (ARM DEN 0028, owning entity 0):
 * SMCCC_VERSION, SMCCC_ARCH_FEATURES and the speculation workarounds, answered per core type as
 * Trusted Firmware-A v2.8 answers them (the base of NXP's i.MX 8 firmware for Linux 6.1):
 * services/arm_arch_svc/arm_arch_svc_setup.c, smccc_arch_features, with the default build
 * (WORKAROUND_CVE_2017_5715=1, WORKAROUND_CVE_2018_3639=1, DYNAMIC_WORKAROUND_CVE_2018_3639=0).
 *
 * <ul>
 * <li>ARCH_WORKAROUND_1 (CVE-2017-5715): the Cortex-A72's cpu_ops carry check_errata_cve_2017_5715
 *     (lib/cpus/aarch64/cortex_a72.S), which reports "applies" unless ID_AA64PFR0_EL1.CSV2 is set:
 *     0 (the workaround is implemented and required). The Cortex-A53's cpu_ops have no such check
 *     (cortex_a53.S, declare_cpu_ops), so check_wa_cve_2017_5715 (cpu_helpers.S) reports "not
 *     applies": 1 (not required; Linux's SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED).</li>
 * <li>ARCH_WORKAROUND_2 (CVE-2018-3639): static mitigation build, so -2 (NOT_REQUIRED) on every core.</li>
 * <li>ARCH_WORKAROUND_3 (CVE-2022-23960 and 2017-5715): Cortex-A72 check_smccc_arch_workaround_3
 *     reports "applies" without CSV2: 0; Cortex-A53: 1.</li>
 * <li>SMCCC_ARCH_SOC_ID: not implemented by the platform (TF-A's weak default): NOT_SUPPORTED.</li>
 * </ul>
 * The workaround calls themselves change nothing and return without writing X0 (TF-A's SMC_RET0);
 * their cost is that of the SMC exception itself.
 *
 * <p>Does not model: the SoC ID call, the TRNG and other later SMCCC services.
 */
final class ArmArchitectureCalls {
    static final int SMCCC_VERSION = 0x8000_0000;
    static final int SMCCC_ARCH_FEATURES = 0x8000_0001;
    static final int SMCCC_ARCH_SOC_ID = 0x8000_0002;
    static final int SMCCC_ARCH_WORKAROUND_1 = 0x8000_8000;
    static final int SMCCC_ARCH_WORKAROUND_2 = 0x8000_7FFF;
    static final int SMCCC_ARCH_WORKAROUND_3 = 0x8000_3FFF;

    static final int SUCCESS = 0;
    static final int NOT_SUPPORTED = -1;
    static final int NOT_REQUIRED = -2;
    /** ARCH_FEATURES answer for a workaround the PE does not need (SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED). */
    static final int UNAFFECTED = 1;

    private static final int PART_CORTEX_A53 = 0xD03;
    private static final int PART_CORTEX_A72 = 0xD08;

    private final int version;

    ArmArchitectureCalls(int version) {
        this.version = version;
    }

    static boolean isArchitectureCall(int functionId) {
        return (functionId & 0xBF00_0000) == 0x8000_0000; // fast call, owning entity 0
    }

    /** Returns true when the call wrote X0 (every call except the workarounds). */
    boolean call(Cpu cpu, int functionId) {
        switch (functionId) {
            case SMCCC_VERSION -> cpu.x[0] = version;
            case SMCCC_ARCH_FEATURES -> cpu.x[0] = features(cpu, (int) cpu.x[1]);
            case SMCCC_ARCH_WORKAROUND_1, SMCCC_ARCH_WORKAROUND_2, SMCCC_ARCH_WORKAROUND_3 -> {
                return false;
            }
            default -> cpu.x[0] = NOT_SUPPORTED;
        }
        return true;
    }

    private static int features(Cpu cpu, int queried) {
        return switch (queried) {
            case SMCCC_VERSION, SMCCC_ARCH_FEATURES -> SUCCESS;
            case SMCCC_ARCH_WORKAROUND_1, SMCCC_ARCH_WORKAROUND_3 -> branchPredictorWorkaround(cpu.sysregs.identity);
            case SMCCC_ARCH_WORKAROUND_2 -> NOT_REQUIRED;
            default -> NOT_SUPPORTED;
        };
    }

    /** 0 where TF-A applies a Spectre-v2/BHB workaround on this core type, 1 where the core is unaffected. */
    private static int branchPredictorWorkaround(CoreIdentity id) {
        int part = (int) (id.midr() >>> 4) & 0xFFF;
        boolean csv2 = ((id.idAa64pfr0() >>> 56) & 0xF) != 0;
        return switch (part) {
            case PART_CORTEX_A72 -> csv2 ? UNAFFECTED : SUCCESS;
            case PART_CORTEX_A53 -> UNAFFECTED;
            default -> NOT_SUPPORTED; // a core TF-A has no cpu_ops for would not have booted
        };
    }
}
