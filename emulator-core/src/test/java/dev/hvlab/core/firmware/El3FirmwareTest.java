package dev.hvlab.core.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.CoreIdentity;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PSCI 1.1 (ARM DEN 0022D) and SMCCC (ARM DEN 0028) calls made by real SMC instructions, taken to
 * the EL3 firmware model by a minimal exception handler. Expected values: the function IDs and
 * return codes of DEN 0022D tables 5-1/5-2 and the answers of TF-A v2.8 cited in ArmArchitectureCalls.
 */
class El3FirmwareTest {
    private static final long RAM = 0x8000_0000L;
    private static final long CODE = RAM;
    private static final long SECONDARY_ENTRY = RAM + 0x1000;
    /** i.MX 8QM: cluster 0 = 2x Cortex-A72 (Aff1 0), cluster 1 = 4x Cortex-A53 (Aff1 1). */
    private static final long[] MPIDR = {0x8000_0000L, 0x8000_0001L, 0x8000_0100L, 0x8000_0101L, 0x8000_0102L, 0x8000_0103L};

    private final PhysicalMemory memory = new PhysicalMemory();
    private final Cpu[] cpus = new Cpu[6];
    private final List<String> power = new ArrayList<>();
    private El3Firmware firmware;
    private int smcs;
    private boolean stoppedByFirmware;

    El3FirmwareTest() {
        memory.addRam(RAM, 1 << 20);
        for (int i = 0; i < cpus.length; i++) {
            Cpu c = new Cpu(i, memory, A64.decoder());
            c.sysregs.setMpidr(MPIDR[i]);
            c.sysregs.setIdentity(i < 2 ? CoreIdentity.CORTEX_A72 : CoreIdentity.CORTEX_A53);
            c.sysregs.scrEl3 |= SystemRegisterFile.SCR_NS | SystemRegisterFile.SCR_HCE | SystemRegisterFile.SCR_RW;
            c.el = 3;
            c.setExceptionHandler((cpu, e) -> {
                if (e.ec == ExceptionClass.SMC64 && e.targetEl == 3) {
                    smcs++;
                    long ret = e.preferredReturn;
                    assertTrue(firmware.handleSmc(cpu));
                    stoppedByFirmware = cpu.stopRequested;
                    cpu.requestStop(); // one call per run
                    return ret;
                }
                throw new AssertionError("unexpected exception " + e.getMessage());
            });
            cpus[i] = c;
        }
        firmware = new El3Firmware(cpus, memory, new PowerController() {
            @Override
            public void powerOn(int cpuIndex) {
                power.add("on " + cpuIndex);
            }

            @Override
            public void powerOff(Cpu cpu) {
                power.add("off " + cpu.index());
            }

            @Override
            public void standby(Cpu cpu) {
                power.add("standby " + cpu.index());
            }

            @Override
            public void systemOff(Cpu caller) {
                power.add("system off");
            }

            @Override
            public void systemReset(Cpu caller) {
                power.add("system reset");
            }
        });
        cpus[0].el = 2;
        cpus[0].spSel = 1;
    }

    /** Runs {@code mov x0..x3, args; smc #0} on {@code cpu} at EL2 and returns X0. */
    private long smc(Cpu cpu, long... regs) {
        Assembler a = new Assembler(CODE + 0x100L * cpu.index());
        for (int r = 0; r < regs.length; r++) {
            a.mov(r, regs[r]);
        }
        a.smc(0);
        byte[] b = a.bytes();
        memory.write(a.base(), b, 0, b.length);
        cpu.pc = a.base();
        int before = smcs;
        cpu.run(a.size());
        assertEquals(before + 1, smcs, "one SMC taken");
        assertEquals(a.here(), cpu.pc, "execution continues after the SMC");
        return cpu.x[0];
    }

    private long smc(long... regs) {
        return smc(cpus[0], regs);
    }

    /** Issue 8: Linux 6.1 probes TRNG_VERSION (DEN 0098) at boot; an absent TRNG answers NOT_SUPPORTED. */
    @Test
    void trngIsAbsentWithoutAWarning() {
        assertEquals(-1, smc(0x8400_0050L), "TRNG_VERSION: NOT_SUPPORTED");
        assertEquals(-1, smc(0xC400_0053L), "TRNG_RND64");
        assertFalse(firmware.warnedAbout(0x8400_0050));
        assertEquals(-1, smc(0x8400_0054L), "outside the TRNG range");
        assertTrue(firmware.warnedAbout(0x8400_0054));
    }

    @Test
    void versionFeaturesAndMigrateInfo() {
        assertEquals(0x10001, smc(Psci.PSCI_VERSION));
        assertEquals(2, smc(Psci.MIGRATE_INFO_TYPE), "no Trusted OS");
        assertEquals(0, smc(Psci.PSCI_FEATURES, Psci.CPU_ON | Psci.SMC64));
        assertEquals(0, smc(Psci.PSCI_FEATURES, Psci.CPU_SUSPEND), "original power_state format, no OS-initiated mode");
        assertEquals(0, smc(Psci.PSCI_FEATURES, Psci.SYSTEM_OFF));
        assertEquals(0, smc(Psci.PSCI_FEATURES, El3Firmware.SMCCC_VERSION), "SMCCC 1.1 discovery");
        assertEquals(-1, smc(Psci.PSCI_FEATURES, 0x8400_000E), "SYSTEM_SUSPEND is not offered");
        assertEquals(-1, smc(Psci.PSCI_FEATURES, Psci.SYSTEM_OFF | Psci.SMC64), "no SMC64 form");
        assertEquals(-1, smc(Psci.PSCI_FEATURES, 0x8200_0000), "not a PSCI function");
    }

    @Test
    void cpuOnStartsTheTargetAtEl2WithTheContextIdAndMmuOff() {
        cpus[2].sysregs.sctlrEl2 |= SystemRegisterFile.SCTLR_M | SystemRegisterFile.SCTLR_C;
        cpus[2].daif = 0;
        assertEquals(Psci.AFF_OFF, smc(Psci.AFFINITY_INFO | Psci.SMC64, 0x100, 0));
        assertEquals(0, smc(Psci.CPU_ON | Psci.SMC64, 0x100, SECONDARY_ENTRY, 0x1234_5678_9ABCL));
        assertEquals(List.of("on 2"), power);
        Cpu t = cpus[2];
        assertEquals(SECONDARY_ENTRY, t.pc);
        assertEquals(0x1234_5678_9ABCL, t.x[0]);
        assertEquals(2, t.el, "SCR_EL3.HCE = 1: entered at EL2");
        assertEquals(1, t.spSel);
        assertEquals(0x3C0, t.daif, "D, A, I, F masked");
        assertEquals(0, t.sysregs.sctlrEl2 & (SystemRegisterFile.SCTLR_M | SystemRegisterFile.SCTLR_C));

        assertEquals(Psci.AFF_ON_PENDING, smc(Psci.AFFINITY_INFO, 0x100, 0));
        assertEquals(Psci.ON_PENDING, smc(Psci.CPU_ON | Psci.SMC64, 0x100, SECONDARY_ENTRY, 0));
        firmware.cpuStarted(2);
        assertEquals(Psci.AFF_ON, smc(Psci.AFFINITY_INFO, 0x100, 0));
        assertEquals(Psci.ALREADY_ON, smc(Psci.CPU_ON | Psci.SMC64, 0x100, SECONDARY_ENTRY, 0));
        assertEquals(Psci.AFF_ON, smc(Psci.AFFINITY_INFO, 0x0, 0), "the boot CPU is on");

        // The started CPU runs its entry code: add x1, x0, #1.
        Assembler a = new Assembler(SECONDARY_ENTRY).add(1, 0, 1);
        memory.write(SECONDARY_ENTRY, a.bytes(), 0, 4);
        t.run(1);
        assertEquals(0x1234_5678_9ABDL, t.x[1]);
    }

    @Test
    void cpuOnAtEl1WhenHypervisorCallsAreDisabled() {
        cpus[1].sysregs.scrEl3 &= ~SystemRegisterFile.SCR_HCE;
        assertEquals(0, smc(Psci.CPU_ON, 0xFFFF_FFFF_0000_0001L, SECONDARY_ENTRY, 0xFFFF_FFFF_0000_0007L));
        assertEquals(1, cpus[1].el);
        assertEquals(7, cpus[1].x[0], "SMC32: the context id is truncated to 32 bits");
    }

    @Test
    void cpuOnErrors() {
        assertEquals(Psci.INVALID_PARAMETERS, smc(Psci.CPU_ON | Psci.SMC64, 0x200, SECONDARY_ENTRY, 0), "no such MPIDR");
        assertEquals(Psci.INVALID_ADDRESS, smc(Psci.CPU_ON | Psci.SMC64, 0x101, 0x1000, 0), "entry outside RAM");
        assertEquals(Psci.ALREADY_ON, smc(Psci.CPU_ON | Psci.SMC64, 0x0, SECONDARY_ENTRY, 0), "the caller itself");
        assertEquals(Psci.INVALID_PARAMETERS, smc(Psci.AFFINITY_INFO, 0x101, 1), "only affinity level 0");
        assertTrue(power.isEmpty());
    }

    @Test
    void cpuOffStopsTheCallerAndMarksItOff() {
        smc(Psci.CPU_ON | Psci.SMC64, 0x1, SECONDARY_ENTRY, 0);
        firmware.cpuStarted(1);
        cpus[1].el = 2;
        smc(cpus[1], Psci.CPU_OFF);
        assertTrue(stoppedByFirmware);
        assertEquals(List.of("on 1", "off 1"), power);
        assertEquals(Psci.AFF_OFF, smc(Psci.AFFINITY_INFO, 0x1, 0));
        assertEquals(0, smc(Psci.CPU_ON, 0x1, SECONDARY_ENTRY, 0), "an off CPU can be turned on again");
    }

    @Test
    void cpuSuspendWaitsLikeWfiAndReturnsSuccess() {
        assertEquals(0, smc(Psci.CPU_SUSPEND | Psci.SMC64, 0, SECONDARY_ENTRY, 0));
        assertEquals(0, smc(Psci.CPU_SUSPEND, 1 << 16, SECONDARY_ENTRY, 0), "power-down woken at once");
        assertEquals(List.of("standby 0", "standby 0"), power);
    }

    @Test
    void systemOffAndResetEndTheRun() {
        smc(Psci.SYSTEM_OFF);
        assertTrue(stoppedByFirmware);
        smc(Psci.SYSTEM_RESET);
        assertEquals(List.of("system off", "system reset"), power);
    }

    @Test
    void smcccVersionAndArchFeaturesPerCoreType() {
        assertEquals(0x10001, smc(El3Firmware.SMCCC_VERSION));
        assertEquals(0, smc(El3Firmware.SMCCC_ARCH_FEATURES, El3Firmware.SMCCC_ARCH_FEATURES));
        assertEquals(0, smc(El3Firmware.SMCCC_ARCH_FEATURES, El3Firmware.SMCCC_ARCH_WORKAROUND_1),
                "Cortex-A72: CVE-2017-5715 workaround required and implemented");
        assertEquals(0, smc(El3Firmware.SMCCC_ARCH_FEATURES, El3Firmware.SMCCC_ARCH_WORKAROUND_3));
        assertEquals(-2, smc(El3Firmware.SMCCC_ARCH_FEATURES, El3Firmware.SMCCC_ARCH_WORKAROUND_2),
                "static CVE-2018-3639 mitigation: not required");
        assertEquals(-1, smc(El3Firmware.SMCCC_ARCH_FEATURES, 0x8000_0002), "SoC ID not provided");

        Cpu a53 = cpus[3];
        smc(Psci.CPU_ON | Psci.SMC64, 0x101, SECONDARY_ENTRY, 0);
        assertEquals(1, smc(a53, El3Firmware.SMCCC_ARCH_FEATURES, El3Firmware.SMCCC_ARCH_WORKAROUND_1),
                "Cortex-A53: unaffected");
        assertEquals(1, smc(a53, El3Firmware.SMCCC_ARCH_FEATURES, El3Firmware.SMCCC_ARCH_WORKAROUND_3));
    }

    @Test
    void workaroundCallsChangeNothingAndUnknownCallsAreNotSupported() {
        assertEquals(El3Firmware.SMCCC_ARCH_WORKAROUND_1 & 0xFFFF_FFFFL,
                smc(El3Firmware.SMCCC_ARCH_WORKAROUND_1 & 0xFFFF_FFFFL, 5, 6, 7), "X0 untouched");
        assertEquals(5, cpus[0].x[1]);
        assertEquals(-1L, smc(0xC200_0001L), "a SiP call nobody serves");
        assertEquals(-1L, smc(0x8400_0013L), "MEM_PROTECT is not implemented");
        assertFalse(stoppedByFirmware);
    }
}
