package dev.hvlab.core.sysreg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What registers read and keep: reset values, RES0/RES1 on write, ID values, virtualized IDs, PMU, timers. */
class SystemRegisterValuesTest {
    private static final SystemRegisters TABLE = SystemRegisters.standard();

    private static Cpu cpuAt(int el) {
        Cpu cpu = new Cpu(0, new PhysicalMemory(), A64.decoder());
        cpu.el = el;
        cpu.spSel = el == 0 ? 0 : 1;
        return cpu;
    }

    private static long read(Cpu cpu, String name) {
        return TABLE.byName(name).read(cpu);
    }

    private static void write(Cpu cpu, String name, long v) {
        TABLE.byName(name).write(cpu, v);
    }

    /**
     * A fresh CPU reads every register's table reset value. Excluded: registers whose value is not a
     * reset value (the current EL, the stack pointer selection, DAIF, which the CPU does not mask
     * at construction) and the debug claim registers whose read views differ by design.
     */
    @Test
    void freshCpuReadsTheResetValues() {
        Set<String> excluded = Set.of("CurrentEL", "SPSel", "DAIF", "SP_EL0", "SP_EL1", "SP_EL2");
        Cpu cpu = cpuAt(3);
        int checked = 0;
        for (SystemRegister r : TABLE.registers()) {
            if (!r.readable() || excluded.contains(r.name())) {
                continue;
            }
            assertEquals(r.resetValue(), r.read(cpu), r.name());
            checked++;
        }
        assertTrue(checked > 200, "checked " + checked);
    }

    /**
     * RES0 bits are ignored on write and RES1 bits read as 1 (ARM ARM, "Fixed values in AArch64
     * System registers"); the expected values are the field layouts of the ARMv8.0 register
     * descriptions: SCR_EL3 bits 13:7, 5:0 (5:4 RES1); HCR_EL2 bits 33:0; CPTR_EL2 TCPAC, TTA, TFP
     * and RES1 13:12, 9:0; SCTLR_EL1 RES1 29:28, 23:22, 20, 11; SCTLR_EL2 RES1 29:28, 23:22, 18,
     * 16, 11, 5:4; MDCR_EL2 11:0; VMPIDR_EL2 bit 31 RES1; CSSELR_EL1 3:0; CNTKCTL_EL1 9:0.
     */
    @ParameterizedTest(name = "{0} <- {1}: {2}")
    @CsvSource({
        "SCR_EL3,     FFFFFFFFFFFFFFFF, 3FBF",
        "SCR_EL3,     0,                30",
        "HCR_EL2,     FFFFFFFFFFFFFFFF, 3FFFFFFFF",
        "CPTR_EL2,    0,                33FF",
        "CPTR_EL2,    FFFFFFFFFFFFFFFF, 801037FF",
        "CPTR_EL3,    FFFFFFFFFFFFFFFF, 80100400",
        "CPACR_EL1,   FFFFFFFFFFFFFFFF, 10300000",
        "SCTLR_EL1,   0,                30D00800",
        "SCTLR_EL2,   0,                30C50830",
        "SCTLR_EL3,   FFFFFFFFFFFFFFFF, 32CD183F",
        "MDCR_EL2,    FFFFFFFFFFFFFFFF, FFF",
        "VMPIDR_EL2,  0,                80000000",
        "CSSELR_EL1,  FFFFFFFFFFFFFFFF, F",
        "CNTKCTL_EL1, FFFFFFFFFFFFFFFF, 3FF",
        "HSTR_EL2,    FFFFFFFFFFFFFFFF, BFEF",
        "ACTLR_EL1,   FFFFFFFFFFFFFFFF, 0",
        "AMAIR_EL1,   FFFFFFFFFFFFFFFF, 0",
        "FPEXC32_EL2, 0,                700",
        "PMUSERENR_EL0, FFFFFFFFFFFFFFFF, F",
    })
    void res0AndRes1OnWrite(String name, String value, String expected) {
        Cpu cpu = cpuAt(3);
        write(cpu, name, Long.parseUnsignedLong(value, 16));
        assertEquals(Long.parseUnsignedLong(expected, 16), read(cpu, name), name);
    }

    /**
     * CCSIDR_EL1 through CSSELR_EL1 against the TRMs' CCSIDR encoding tables (Cortex-A72 TRM
     * "CCSIDR encodings": L1D 32KB 0x701FE00A, L1I 48KB 0x201FE012, L2 1MB 0x707FE07A; Cortex-A53
     * TRM: L1D 32KB 0x700FE01A, L1I 32KB 0x201FE00A, L2 1MB 0x707FE07A), and the geometry decoded
     * from them against the i.MX 8QM configuration (docs/IMX8QM.md).
     */
    @ParameterizedTest(name = "{0} CSSELR={1}")
    @CsvSource({
        "cortex-a72, 0, 701FE00A, 32, 2",
        "cortex-a72, 1, 201FE012, 48, 3",
        "cortex-a72, 2, 707FE07A, 1024, 16",
        "cortex-a72, 3, 0, 0, 0",
        "cortex-a53, 0, 700FE01A, 32, 4",
        "cortex-a53, 1, 201FE00A, 32, 2",
        "cortex-a53, 2, 707FE07A, 1024, 16",
    })
    void ccsidrFollowsCsselr(String core, int csselr, String ccsidr, int kib, int ways) {
        Cpu cpu = cpuAt(1);
        cpu.sysregs.setIdentity(core.equals("cortex-a72") ? CoreIdentity.CORTEX_A72 : CoreIdentity.CORTEX_A53);
        write(cpu, "CSSELR_EL1", csselr);
        long v = read(cpu, "CCSIDR_EL1");
        assertEquals(Long.parseLong(ccsidr, 16), v);
        if (v != 0) {
            long line = 16L << (v & 7);
            long assoc = (v >>> 3 & 0x3FF) + 1;
            long sets = (v >>> 13 & 0x7FFF) + 1;
            assertEquals(ways, assoc);
            assertEquals(64, line);
            assertEquals(kib * 1024L, sets * assoc * line);
        }
    }

    /**
     * The Cortex-A72 ID values of its TRM's register summary (ARM 100095, "AArch64 identification
     * registers" and "AArch32 ... registers" reset values), which QEMU's cortex-a72 also reports.
     */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "MIDR_EL1, 410FD083", "REVIDR_EL1, 0", "CTR_EL0, 8444C004", "CLIDR_EL1, 0A200023", "AIDR_EL1, 0",
        "ID_PFR0_EL1, 131", "ID_PFR1_EL1, 11011", "ID_DFR0_EL1, 3010066", "ID_AFR0_EL1, 0",
        "ID_MMFR0_EL1, 10201105", "ID_MMFR1_EL1, 40000000", "ID_MMFR2_EL1, 1260000", "ID_MMFR3_EL1, 2102211",
        "ID_ISAR0_EL1, 2101110", "ID_ISAR1_EL1, 13112111", "ID_ISAR2_EL1, 21232042", "ID_ISAR3_EL1, 1112131",
        "ID_ISAR4_EL1, 11142", "ID_ISAR5_EL1, 11121",
        "MVFR0_EL1, 10110222", "MVFR1_EL1, 12111111", "MVFR2_EL1, 43",
        "ID_AA64PFR0_EL1, 2222", "ID_AA64DFR0_EL1, 10305106", "ID_AA64ISAR0_EL1, 11120", "ID_AA64MMFR0_EL1, 1124",
        "ID_AA64PFR1_EL1, 0", "ID_AA64AFR0_EL1, 0", "ID_AA64ISAR1_EL1, 0", "ID_AA64MMFR1_EL1, 0",
        "PMCR_EL0, 41023000", "OSLSR_EL1, A", "DCZID_EL0, 4",
    })
    void cortexA72Identification(String name, String value) {
        assertEquals(Long.parseLong(value, 16), read(cpuAt(3), name));
    }

    /** What the ID registers say must match what the table implements. */
    @Test
    void idRegistersDescribeTheTable() {
        CoreIdentity id = CoreIdentity.CORTEX_A72;
        long dfr0 = id.idAa64dfr0();
        assertEquals(DebugState.BREAKPOINTS, (dfr0 >>> 12 & 0xF) + 1, "ID_AA64DFR0.BRPs");
        assertEquals(DebugState.WATCHPOINTS, (dfr0 >>> 20 & 0xF) + 1, "ID_AA64DFR0.WRPs");
        assertTrue(TABLE.byName("DBGBVR" + (DebugState.BREAKPOINTS - 1) + "_EL1") != null);
        assertTrue(TABLE.byName("DBGBVR" + DebugState.BREAKPOINTS + "_EL1") == null);
        assertEquals(PerformanceMonitors.COUNTERS, id.eventCounters(), "PMCR_EL0.N");
        assertTrue(TABLE.byName("PMEVCNTR" + PerformanceMonitors.COUNTERS + "_EL0") == null);
        // CTR_EL0.DminLine (log2 words) against the L1 data cache's CCSIDR line size (log2 bytes - 4).
        assertEquals((id.ctr() >>> 16 & 0xF) + 2, (id.ccsidr(0) & 7) + 4);
        assertEquals(1L << 24, id.withGicCpuInterface(true).idAa64pfr0() & 0xFL << 24);
    }

    @Test
    void vpidrAndVmpidrVirtualizeEl1Reads() {
        Cpu cpu = cpuAt(2);
        cpu.sysregs.scrEl3 = 0x431;
        cpu.sysregs.setMpidr(0x80000101L);
        assertEquals(0x410FD083L, read(cpu, "VPIDR_EL2"), "VPIDR_EL2 resets to MIDR_EL1");
        assertEquals(0x80000101L, read(cpu, "VMPIDR_EL2"), "VMPIDR_EL2 resets to MPIDR_EL1");
        write(cpu, "VPIDR_EL2", 0x411FD070L);
        write(cpu, "VMPIDR_EL2", 0x3L);
        assertEquals(0x410FD083L, read(cpu, "MIDR_EL1"), "EL2 reads the real MIDR");
        assertEquals(0x80000101L, read(cpu, "MPIDR_EL1"));
        cpu.el = 1;
        assertEquals(0x411FD070L, read(cpu, "MIDR_EL1"));
        assertEquals(0x80000003L, read(cpu, "MPIDR_EL1"));
        cpu.sysregs.scrEl3 = 0x430; // Secure EL1: no EL2
        assertEquals(0x410FD083L, read(cpu, "MIDR_EL1"));
        assertEquals(0x80000101L, read(cpu, "MPIDR_EL1"));
    }

    @Test
    void fpAccessCheckThrowsEc07WithTheRightTarget() {
        Cpu cpu = cpuAt(0);
        FpAccess.checkFpAccess(cpu, 0x1000); // reset: enabled
        cpu.sysregs.scrEl3 = 0x431;
        cpu.el = 1;
        write(cpu, "CPACR_EL1", 0); // through the table: recomputes
        cpu.el = 0;
        ArchitecturalException e = assertThrows(ArchitecturalException.class, () -> FpAccess.checkFpAccess(cpu, 0x1000));
        assertEquals(ExceptionClass.FP_ACCESS, e.ec);
        assertEquals(0x1E00000, e.iss);
        assertEquals(1, e.targetEl);
        assertEquals(0x1000, e.preferredReturn);

        cpu.el = 3;
        write(cpu, "HCR_EL2", SystemRegisterFile.HCR_TGE);
        cpu.el = 0;
        e = assertThrows(ArchitecturalException.class, () -> FpAccess.checkFpAccess(cpu, 0x1000));
        assertEquals(ExceptionClass.UNKNOWN, e.ec, "TGE routes the CPACR trap to EL2 as EC 0x00");

        cpu.el = 3;
        write(cpu, "HCR_EL2", 0);
        write(cpu, "CPACR_EL1", SystemRegisterFile.CPACR_FPEN);
        write(cpu, "CPTR_EL2", SystemRegisterFile.CPTR_TFP);
        cpu.el = 2;
        e = assertThrows(ArchitecturalException.class, () -> FpAccess.checkFpAccess(cpu, 0x1000));
        assertEquals(2, e.targetEl);
        cpu.el = 3;
        FpAccess.checkFpAccess(cpu, 0x1000);
        write(cpu, "CPTR_EL3", SystemRegisterFile.CPTR_TFP);
        e = assertThrows(ArchitecturalException.class, () -> FpAccess.checkFpAccess(cpu, 0x1000));
        assertEquals(3, e.targetEl);
        write(cpu, "SCR_EL3", 0); // Secure: CPTR_EL2 no longer applies, CPTR_EL3 still does
        write(cpu, "CPTR_EL3", 0);
        cpu.el = 1;
        FpAccess.checkFpAccess(cpu, 0x1000);
    }

    @Test
    void mrsOfFpcrTrapsWithEc07() {
        Cpu cpu = cpuAt(0);
        cpu.sysregs.cpacrEl1 = 0;
        FpAccess.recompute(cpu);
        int iss = Traps.sysregIss(3, 3, 4, 4, 0, 0, true);
        ArchitecturalException e = assertThrows(ArchitecturalException.class,
                () -> Traps.check(cpu, TABLE.byName("FPCR").rule(), true, iss, 0x2000));
        assertEquals(ExceptionClass.FP_ACCESS, e.ec);
        assertEquals(0x1E00000, e.iss);
    }

    @Test
    void cycleCounterCountsWhileEnabled() {
        Cpu cpu = cpuAt(1);
        cpu.instructions = 100;
        write(cpu, "PMCCNTR_EL0", 5);
        cpu.instructions = 200;
        assertEquals(5, read(cpu, "PMCCNTR_EL0"), "stopped: PMCR_EL0.E = 0");
        write(cpu, "PMCR_EL0", PerformanceMonitors.PMCR_E);
        write(cpu, "PMCNTENSET_EL0", PerformanceMonitors.C);
        cpu.instructions = 250;
        assertEquals(55, read(cpu, "PMCCNTR_EL0"));
        write(cpu, "PMCNTENCLR_EL0", PerformanceMonitors.C);
        cpu.instructions = 400;
        assertEquals(55, read(cpu, "PMCCNTR_EL0"));
        write(cpu, "PMCR_EL0", PerformanceMonitors.PMCR_E | PerformanceMonitors.PMCR_C);
        assertEquals(0, read(cpu, "PMCCNTR_EL0"), "PMCR_EL0.C resets the cycle counter");
        cpu.sysregs.cycles = c -> 7777;
        write(cpu, "PMCNTENSET_EL0", PerformanceMonitors.C);
        cpu.sysregs.cycles = c -> 7780;
        assertEquals(3, read(cpu, "PMCCNTR_EL0"), "the timing model's cycle source");
    }

    @Test
    void softwareIncrementAndEventCounterSelection() {
        Cpu cpu = cpuAt(1);
        write(cpu, "PMCR_EL0", PerformanceMonitors.PMCR_E);
        write(cpu, "PMCNTENSET_EL0", 0b101);
        write(cpu, "PMEVTYPER2_EL0", 0x11); // CPU_CYCLES: not counted by hvlab
        write(cpu, "PMSWINC_EL0", 0b111);
        assertEquals(1, read(cpu, "PMEVCNTR0_EL0"));
        assertEquals(0, read(cpu, "PMEVCNTR1_EL0"), "not enabled");
        assertEquals(0, read(cpu, "PMEVCNTR2_EL0"), "not counting SW_INCR");
        write(cpu, "PMSELR_EL0", 0);
        write(cpu, "PMXEVCNTR_EL0", 0xFFFFFFFFL);
        write(cpu, "PMSWINC_EL0", 1);
        assertEquals(0, read(cpu, "PMEVCNTR0_EL0"));
        assertEquals(1, read(cpu, "PMOVSSET_EL0"), "overflow recorded");
        write(cpu, "PMSELR_EL0", 31);
        write(cpu, "PMXEVTYPER_EL0", 0xFFFFFFFFL);
        assertEquals(0xFC000000L, read(cpu, "PMCCFILTR_EL0"), "SEL = 31 reaches PMCCFILTR_EL0");
    }

    @Test
    void pmcrNReadsAsHpmnBelowEl2() {
        Cpu cpu = cpuAt(2);
        cpu.sysregs.scrEl3 = 0x431;
        write(cpu, "MDCR_EL2", 4);
        assertEquals(6, read(cpu, "PMCR_EL0") >>> 11 & 0x1F);
        cpu.el = 1;
        assertEquals(4, read(cpu, "PMCR_EL0") >>> 11 & 0x1F);
    }

    @Test
    void timerValueAndStatusFollowTheCounter() {
        Cpu cpu = cpuAt(1);
        long[] now = {1000};
        cpu.sysregs.counter = c -> now[0];
        int[] changed = {-2};
        cpu.sysregs.timerListener = (c, timer) -> changed[0] = timer;
        write(cpu, "CNTP_TVAL_EL0", 50);
        assertEquals(SystemRegisterFile.TIMER_PHYS, changed[0]);
        assertEquals(1050, read(cpu, "CNTP_CVAL_EL0"));
        write(cpu, "CNTP_CTL_EL0", 1 | 4); // ISTATUS is read-only
        assertEquals(1, read(cpu, "CNTP_CTL_EL0"));
        now[0] = 1060;
        assertEquals(1 | 4, read(cpu, "CNTP_CTL_EL0"), "ISTATUS once the count reaches CVAL");
        assertEquals(0xFFFFFFF6L, read(cpu, "CNTP_TVAL_EL0"), "TVAL = CVAL - count, 32-bit signed");
        write(cpu, "CNTV_TVAL_EL0", -10);
        assertEquals(SystemRegisterFile.TIMER_VIRT, changed[0]);
        assertEquals(1050, read(cpu, "CNTV_CVAL_EL0"));
    }

    @Test
    void osLockAndClaimTags() {
        Cpu cpu = cpuAt(1);
        write(cpu, "OSLAR_EL1", 0);
        assertEquals(0x8, read(cpu, "OSLSR_EL1"));
        write(cpu, "OSLAR_EL1", 1);
        assertEquals(0xA, read(cpu, "OSLSR_EL1"));
        write(cpu, "DBGCLAIMSET_EL1", 0x1_05);
        assertEquals(0x05, read(cpu, "DBGCLAIMCLR_EL1"));
        write(cpu, "DBGCLAIMCLR_EL1", 0x01);
        assertEquals(0x04, read(cpu, "DBGCLAIMCLR_EL1"));
    }

    @Test
    void hooksAndClusterLayout() {
        Cpu cpu = cpuAt(1);
        cpu.sysregs.interruptStatus = c -> 0x80;
        assertEquals(0x80, read(cpu, "ISR_EL1"));
        cpu.sysregs.clusterCores = 4;
        write(cpu, "L2CTLR_EL1", 0xFFFFFFFFL);
        assertEquals(3, read(cpu, "L2CTLR_EL1") >>> 24 & 3, "L2CTLR_EL1: number of cores - 1 is read-only");
    }
}
