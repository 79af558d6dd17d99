package dev.hvlab.core.firmware;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EL3 firmware of a board when no EL3 software runs: the runtime services a Non-secure caller
 * reaches with SMC, following the SMC Calling Convention 1.1 (ARM DEN 0028): the function ID in
 * W0, arguments in X1-X3, the result in X0. It serves PSCI ({@link Psci}) and the Arm Architecture
 * Calls (ArmArchitectureCalls); every other function ID returns NOT_SUPPORTED (-1) in X0, as
 * TF-A's SMC_UNK does. No other register is changed.
 *
 * <p>The exception-entry code calls {@link #handleSmc} when an SMC is taken to EL3 and EL3 is this
 * model (instead of vectoring to VBAR_EL3); execution then continues at the preferred return address
 * of the SMC (the next instruction) in the caller's EL, unless the call stopped the CPU
 * ({@link Cpu#stopRequested}: CPU_OFF, SYSTEM_OFF, SYSTEM_RESET).
 *
 * <p>Does not model: Secure-world services (a Trusted OS, SPMC), SMC64 arguments beyond X3,
 * SIP/OEM services of NXP's firmware (the SCU calls of the i.MX 8QM's SECO/SCFW live in the board).
 */
public final class El3Firmware {
    private static final Logger LOG = LoggerFactory.getLogger(El3Firmware.class);

    /** SMCCC_VERSION's value for SMCCC 1.1 (major in bits 30:16, minor in 15:0). */
    public static final int SMCCC_1_1 = 0x1_0001;
    /** SMCCC 1.2, what TF-A v2.4 to v2.8 report. */
    public static final int SMCCC_1_2 = 0x1_0002;
    public static final int SMCCC_VERSION = ArmArchitectureCalls.SMCCC_VERSION;
    public static final int SMCCC_ARCH_FEATURES = ArmArchitectureCalls.SMCCC_ARCH_FEATURES;
    public static final int SMCCC_ARCH_WORKAROUND_1 = ArmArchitectureCalls.SMCCC_ARCH_WORKAROUND_1;
    public static final int SMCCC_ARCH_WORKAROUND_2 = ArmArchitectureCalls.SMCCC_ARCH_WORKAROUND_2;
    public static final int SMCCC_ARCH_WORKAROUND_3 = ArmArchitectureCalls.SMCCC_ARCH_WORKAROUND_3;
    /** X0 for an unknown function ID (SMCCC: NOT_SUPPORTED, all 64 bits ones). */
    public static final long SMC_UNKNOWN = -1L;

    private final Psci psci;
    private final ArmArchitectureCalls arch;
    private final Set<Integer> warned = new HashSet<>();

    /**
     * @param cpus         every CPU of the machine, indexed by CPU index
     * @param bootCpu      the CPU that is on at reset; the others wait for CPU_ON
     * @param smcccVersion what SMCCC_VERSION returns ({@link #SMCCC_1_1} or {@link #SMCCC_1_2})
     */
    public El3Firmware(Cpu[] cpus, PhysicalMemory memory, PowerController power, int bootCpu, int smcccVersion) {
        this.psci = new Psci(cpus, memory, power, bootCpu);
        this.arch = new ArmArchitectureCalls(smcccVersion);
    }

    public El3Firmware(Cpu[] cpus, PhysicalMemory memory, PowerController power) {
        this(cpus, memory, power, 0, SMCCC_1_1);
    }

    public Psci psci() {
        return psci;
    }

    /** The machine started running a CPU turned on by CPU_ON (PSCI: ON_PENDING becomes ON). */
    public void cpuStarted(int cpuIndex) {
        psci.cpuStarted(cpuIndex);
    }

    /**
     * Services the SMC the CPU just executed: reads W0 and X1-X3, writes the result to X0. Always
     * returns true: every function ID gets an answer, NOT_SUPPORTED for the unknown ones.
     */
    public boolean handleSmc(Cpu cpu) {
        int functionId = (int) cpu.x[0];
        if (Psci.isPsci(functionId)) {
            psci.call(cpu, functionId);
        } else if (ArmArchitectureCalls.isArchitectureCall(functionId)) {
            arch.call(cpu, functionId);
        } else if (isTrng(functionId)) {
            // Known and absent, so not worth a warning: Linux probes TRNG_VERSION on every boot.
            cpu.x[0] = SMC_UNKNOWN;
        } else {
            if (warned.add(functionId)) {
                LOG.warn("el3-firmware: unknown SMC function ID 0x{}: NOT_SUPPORTED", Integer.toHexString(functionId));
            }
            cpu.x[0] = SMC_UNKNOWN;
        }
        return true;
    }

    /**
     * The TRNG firmware interface (ARM DEN 0098: TRNG_VERSION 0x84000050 to TRNG_RND 0x84000053,
     * TRNG_RND64 0xC4000053), which this firmware does not offer: TRNG_VERSION answers NOT_SUPPORTED,
     * the spec's way of saying "no TRNG", as TF-A built without TRNG_SUPPORT does.
     */
    static boolean isTrng(int functionId) {
        return (functionId & ~0x4000_0000) >= 0x8400_0050 && (functionId & ~0x4000_0000) <= 0x8400_0053;
    }

    /** For tests: whether an unknown function ID was warned about. */
    boolean warnedAbout(int functionId) {
        return warned.contains(functionId);
    }
}
