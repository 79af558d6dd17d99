package dev.hvlab.core.firmware;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.Arrays;

/**
 * The Power State Coordination Interface, version 1.1 (ARM DEN 0022D), as the EL3 firmware of
 * the boards implements it for Non-secure software, one power level (cores; clusters are not
 * powered separately).
 *
 * <p>Models: PSCI_VERSION, PSCI_FEATURES, CPU_ON (entry and context id; the target starts in the
 * state {@link NonSecureEntry} describes), CPU_OFF, CPU_SUSPEND (every power state is entered as a
 * standby state: a WFI-like wait that returns SUCCESS, which the specification allows for a
 * power-down request woken at once), AFFINITY_INFO (level 0), MIGRATE_INFO_TYPE (2: no Trusted OS),
 * SYSTEM_OFF, SYSTEM_RESET. Arguments of the SMC32 forms are truncated to 32 bits, as TF-A does.
 *
 * <p>Does not model: MIGRATE, MIGRATE_INFO_UP_CPU, CPU_FREEZE, CPU_DEFAULT_SUSPEND,
 * NODE_HW_STATE, SYSTEM_SUSPEND, SET_SUSPEND_MODE (OS-initiated mode), STAT_*, SYSTEM_RESET2,
 * MEM_PROTECT* (all NOT_SUPPORTED, and PSCI_FEATURES says so); power_state validation (any value is
 * accepted); context loss on power-down.
 */
public final class Psci {
    /** Function IDs (ARM DEN 0022D, table 5-1); 64-bit forms have bit 30 set. */
    public static final int PSCI_VERSION = 0x8400_0000;
    public static final int CPU_SUSPEND = 0x8400_0001;
    public static final int CPU_OFF = 0x8400_0002;
    public static final int CPU_ON = 0x8400_0003;
    public static final int AFFINITY_INFO = 0x8400_0004;
    public static final int MIGRATE_INFO_TYPE = 0x8400_0006;
    public static final int SYSTEM_OFF = 0x8400_0008;
    public static final int SYSTEM_RESET = 0x8400_0009;
    public static final int PSCI_FEATURES = 0x8400_000A;
    public static final int SMC64 = 0x4000_0000;

    /** Return codes (ARM DEN 0022D, table 5-2). */
    public static final int SUCCESS = 0;
    public static final int NOT_SUPPORTED = -1;
    public static final int INVALID_PARAMETERS = -2;
    public static final int DENIED = -3;
    public static final int ALREADY_ON = -4;
    public static final int ON_PENDING = -5;
    public static final int INTERNAL_FAILURE = -6;
    public static final int NOT_PRESENT = -7;
    public static final int DISABLED = -8;
    public static final int INVALID_ADDRESS = -9;

    /** PSCI 1.1: major 1 in bits 31:16, minor 1 in bits 15:0. */
    public static final int VERSION_1_1 = 0x0001_0001;
    /** MIGRATE_INFO_TYPE 2: a Trusted OS is not present or does not require migration. */
    public static final int NO_TRUSTED_OS = 2;

    /** AFFINITY_INFO results, which are also the power states the firmware tracks per CPU. */
    public static final int AFF_ON = 0;
    public static final int AFF_OFF = 1;
    public static final int AFF_ON_PENDING = 2;

    /** MPIDR_EL1 affinity fields Aff3 (39:32) and Aff2..Aff0 (23:0). */
    private static final long MPIDR_AFFINITY = 0xFF_00FF_FFFFL;
    /** power_state.StateType (original format, bit 16): 1 = power down. */
    private static final long POWER_DOWN = 1L << 16;

    private final Cpu[] cpus;
    private final PhysicalMemory memory;
    private final PowerController power;
    private final int[] state;

    /** {@code cpus} indexed by CPU index; {@code bootCpu} is on, the others are off. */
    public Psci(Cpu[] cpus, PhysicalMemory memory, PowerController power, int bootCpu) {
        this.cpus = cpus.clone();
        this.memory = memory;
        this.power = power;
        this.state = new int[cpus.length];
        Arrays.fill(state, AFF_OFF);
        state[bootCpu] = AFF_ON;
    }

    /** Whether {@code functionId} (W0) is a PSCI function ID: standard secure service, function 0x00-0x1F. */
    public static boolean isPsci(int functionId) {
        return (functionId & 0xBFFF_FFE0) == 0x8400_0000;
    }

    /** The power state of a CPU, as AFFINITY_INFO reports it. */
    public int state(int cpuIndex) {
        return state[cpuIndex];
    }

    /** The machine started running a CPU that CPU_ON turned on: it is ON from now. */
    public void cpuStarted(int cpuIndex) {
        if (state[cpuIndex] == AFF_ON_PENDING) {
            state[cpuIndex] = AFF_ON;
        }
    }

    /** Performs the call in W0 with arguments X1-X3; writes X0 unless the call does not return. */
    public void call(Cpu cpu, int functionId) {
        boolean smc64 = (functionId & SMC64) != 0;
        long x1 = arg(cpu, 1, smc64);
        long x2 = arg(cpu, 2, smc64);
        long x3 = arg(cpu, 3, smc64);
        int fn = functionId & ~SMC64;
        long result = switch (fn) {
            case PSCI_VERSION -> smc64 ? NOT_SUPPORTED : VERSION_1_1;
            case PSCI_FEATURES -> smc64 ? NOT_SUPPORTED : features((int) x1);
            case CPU_ON -> cpuOn(x1, x2, x3);
            case AFFINITY_INFO -> affinityInfo(x1, x2);
            case CPU_SUSPEND -> cpuSuspend(cpu, x1);
            case MIGRATE_INFO_TYPE -> smc64 ? NOT_SUPPORTED : NO_TRUSTED_OS;
            case CPU_OFF -> smc64 ? NOT_SUPPORTED : cpuOff(cpu);
            case SYSTEM_OFF -> {
                if (smc64) {
                    yield NOT_SUPPORTED;
                }
                cpu.requestStop();
                power.systemOff(cpu);
                yield SUCCESS; // never seen by software: the run ends
            }
            case SYSTEM_RESET -> {
                if (smc64) {
                    yield NOT_SUPPORTED;
                }
                cpu.requestStop();
                power.systemReset(cpu);
                yield SUCCESS;
            }
            default -> NOT_SUPPORTED;
        };
        cpu.x[0] = result;
    }

    private static long arg(Cpu cpu, int r, boolean smc64) {
        return smc64 ? cpu.x[r] : cpu.x[r] & 0xFFFF_FFFFL;
    }

    /**
     * PSCI_FEATURES: 0 for an implemented function (and for SMCCC_VERSION, which SMCCC 1.1 says to
     * discover this way), NOT_SUPPORTED otherwise; a 64-bit function ID is implemented only where
     * the function has an SMC64 form. CPU_SUSPEND reports its feature flags instead.
     */
    private int features(int queried) {
        if (queried == El3Firmware.SMCCC_VERSION) {
            return SUCCESS;
        }
        if (!isPsci(queried)) {
            return NOT_SUPPORTED;
        }
        boolean smc64 = (queried & SMC64) != 0;
        return switch (queried & ~SMC64) {
            case CPU_SUSPEND -> CPU_SUSPEND_FEATURES;
            case CPU_ON, AFFINITY_INFO -> SUCCESS;
            case PSCI_VERSION, PSCI_FEATURES, CPU_OFF, MIGRATE_INFO_TYPE, SYSTEM_OFF, SYSTEM_RESET ->
                    smc64 ? NOT_SUPPORTED : SUCCESS;
            default -> NOT_SUPPORTED;
        };
    }

    /**
     * CPU_SUSPEND's PSCI_FEATURES flags (DEN 0022D 5.15.2): bit 1 = 0, the original power_state
     * format; bit 0 = 0, OS-initiated mode not supported. TF-A v2.8 (lib/psci/psci_main.c,
     * psci_features, with FF_PSTATE_ORIG) reports the same.
     */
    static final int CPU_SUSPEND_FEATURES = 0;

    private int cpuOn(long targetMpidr, long entry, long contextId) {
        int target = indexOf(targetMpidr);
        if (target < 0) {
            return INVALID_PARAMETERS;
        }
        if (state[target] == AFF_ON) {
            return ALREADY_ON;
        }
        if (state[target] == AFF_ON_PENDING) {
            return ON_PENDING;
        }
        if (!memory.isRam(entry) || (entry & 3) != 0) {
            return INVALID_ADDRESS;
        }
        Cpu t = cpus[target];
        NonSecureEntry.prepare(t, entry, contextId);
        state[target] = AFF_ON_PENDING;
        power.powerOn(target);
        return SUCCESS;
    }

    private int cpuOff(Cpu cpu) {
        state[cpu.index()] = AFF_OFF;
        cpu.requestStop();
        power.powerOff(cpu);
        return DENIED; // only seen if the machine lets the CPU run on, which CPU_OFF's caller must treat as failure
    }

    private int cpuSuspend(Cpu cpu, long powerState) {
        power.standby(cpu);
        return SUCCESS;
    }

    private int affinityInfo(long targetAffinity, long lowestLevel) {
        if (lowestLevel != 0) {
            return INVALID_PARAMETERS; // TF-A: only the core level is tracked (PSCI_CPU_PWR_LVL)
        }
        int target = indexOf(targetAffinity);
        return target < 0 ? INVALID_PARAMETERS : state[target];
    }

    private int indexOf(long mpidr) {
        long aff = mpidr & MPIDR_AFFINITY;
        for (int i = 0; i < cpus.length; i++) {
            if ((cpus[i].sysregs.mpidr & MPIDR_AFFINITY) == aff) {
                return i;
            }
        }
        return -1;
    }
}
