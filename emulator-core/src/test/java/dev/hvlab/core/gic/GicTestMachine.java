package dev.hvlab.core.gic;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.util.ArrayList;
import java.util.List;

/**
 * CPUs, RAM and a GIC mapped at the i.MX 8QuadMax's addresses, with helpers that execute real MRS
 * and MSR instructions on a CPU at a chosen EL and report an exception the instruction raised
 * instead of taking it (exception entry is not what these tests are about).
 */
final class GicTestMachine {
    static final long RAM = 0x8000_0000L;
    static final long GICD = 0x51a0_0000L;
    static final long GICR = 0x51b0_0000L;

    static final long SCR_NS = SystemRegisterFile.SCR_NS;
    static final long SCR_RW = SystemRegisterFile.SCR_RW;
    static final long HCR_FMO = 1L << 3;
    static final long HCR_IMO = 1L << 4;
    static final long HCR_RW = 1L << 31;

    final PhysicalMemory memory = new PhysicalMemory();
    final List<Cpu> cpus = new ArrayList<>();
    final Gic gic;
    /** The exception the last instruction run by {@link #mrs}/{@link #msr} raised, or null. */
    int lastEc = -1;
    int lastIss;
    int lastTargetEl;
    private long nextCode = RAM;

    GicTestMachine(int cpuCount, int spis, boolean securityDisabled) {
        memory.addRam(RAM, 1 << 20);
        for (int i = 0; i < cpuCount; i++) {
            Cpu cpu = new Cpu(i, memory, A64.decoder());
            cpu.setExceptionHandler((c, e) -> {
                record(e);
                c.requestStop();
                return e.preferredReturn;
            });
            cpus.add(cpu);
        }
        gic = new Gic(cpus, spis, securityDisabled);
        memory.addDevice(GICD, Distributor.SIZE, "gicd", gic.distributor());
        memory.addDevice(GICR, gic.redistributors().size(), "gicr", gic.redistributors());
        for (Cpu c : cpus) {
            nonSecure(c, 1);
        }
    }

    private void record(ArchitecturalException e) {
        lastEc = e.ec;
        lastIss = e.iss;
        lastTargetEl = e.targetEl;
    }

    Cpu cpu(int i) {
        return cpus.get(i);
    }

    /** Puts {@code cpu} in Non-secure state (SCR_EL3.NS = 1, AArch64 below EL3) at {@code el}. */
    static void nonSecure(Cpu cpu, int el) {
        cpu.sysregs.scrEl3 = SystemRegisterFile.SCR_EL3_RES1 | SCR_NS | SCR_RW;
        cpu.sysregs.hcrEl2 = HCR_RW;
        cpu.el = el;
        cpu.spSel = 1;
    }

    static SystemRegister reg(String name) {
        SystemRegister r = SystemRegisters.standard().byName(name);
        if (r == null) {
            throw new IllegalArgumentException(name);
        }
        return r;
    }

    private void runOne(Cpu cpu, Assembler a) {
        byte[] code = a.bytes();
        memory.write(a.base(), code, 0, code.length);
        lastEc = -1;
        cpu.pc = a.base();
        cpu.run(1);
    }

    /** Executes {@code MRS X0, <name>} on {@code cpu}; returns X0 (check {@link #lastEc} for a refusal). */
    long mrs(Cpu cpu, String name) {
        Assembler a = new Assembler(nextCode);
        nextCode += 4;
        a.mrs(0, reg(name).key());
        cpu.x[0] = 0xDEAD;
        runOne(cpu, a);
        return cpu.x[0];
    }

    /** Executes {@code MSR <name>, X1} with X1 = {@code value} on {@code cpu}. */
    void msr(Cpu cpu, String name, long value) {
        Assembler a = new Assembler(nextCode);
        nextCode += 4;
        a.msr(reg(name).key(), 1);
        cpu.x[1] = value;
        runOne(cpu, a);
    }

    /** A 32-bit GICD access through the physical bus, from {@code cpu}'s point of view. */
    long gicd(int cpuIndex, int offset) {
        return gic.distributor().read(cpuIndex, offset, 4);
    }

    void gicd(int cpuIndex, int offset, long value) {
        gic.distributor().write(cpuIndex, offset, value, 4);
    }

    /** A 32-bit access to redistributor {@code n}'s RD_base (offset < 0x10000) or SGI_base frame. */
    long gicr(int n, int offset) {
        return gic.redistributors().read(0, n * Redistributors.FRAME_SIZE + offset, 4);
    }

    void gicr(int n, int offset, long value) {
        gic.redistributors().write(0, n * Redistributors.FRAME_SIZE + offset, value, 4);
    }

    /**
     * What Linux's GICv3 driver does at boot on top of the firmware's set-up, for CPU {@code i} in
     * Non-secure EL1: ICC_SRE_EL1.SRE = 1, PMR 0xF0 (Linux's DEFAULT_PMR_VALUE), Group 1 enabled;
     * the distributor's Non-secure Group 1 enable (EnableGrp1A).
     */
    void linuxLikeCpuSetup(int i) {
        Cpu cpu = cpu(i);
        msr(cpu, "ICC_SRE_EL1", 1);
        msr(cpu, "ICC_PMR_EL1", 0xF0);
        msr(cpu, "ICC_IGRPEN1_EL1", 1);
        gicd(i, 0x0, Distributor.CTLR_ENABLE_GRP1NS);
    }
}
