package dev.hvlab.core.timing;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.mmu.Granule;
import dev.hvlab.core.mmu.SystemTranslator;
import dev.hvlab.core.mmu.TranslationTableBuilder;
import dev.hvlab.core.time.Clock;

/**
 * A one-CPU machine under the approximate timing model for the validation workloads: bare metal
 * at EL1, MMU off, code at {@link #CODE}, data from {@link #DATA}. The workloads read PMCCNTR_EL0
 * themselves, as a benchmark on silicon does.
 */
final class TimedMachine {
    static final long RAM = 0x8000_0000L;
    static final long CODE = RAM;
    static final long DATA = RAM + 0x10_0000;
    static final int PMCR_EL0 = Assembler.sysreg(3, 3, 9, 12, 0);
    static final int PMCNTENSET_EL0 = Assembler.sysreg(3, 3, 9, 12, 1);
    static final int PMCCNTR_EL0 = Assembler.sysreg(3, 3, 9, 13, 0);
    static final int WFI = 0xD503207F;
    static final int ISB = 0xD5033FDF;

    final PhysicalMemory memory = new PhysicalMemory();
    final Machine machine;
    final ApproximateTiming timing;
    final Cpu cpu;

    TimedMachine(String coreType, long hz, long ramBytes) {
        memory.addRam(RAM, ramBytes);
        timing = new ApproximateTiming();
        machine = new Machine(memory, timing, Machine.DEFAULT_QUANTUM_PS);
        cpu = machine.addCpu(new Clock(hz), coreType);
        cpu.el = 1;
        cpu.spSel = 1;
        cpu.setExceptionHandler(new ExceptionModel());
    }

    /**
     * Turns the stage 1 MMU on at EL1 with 4 KiB pages identity-mapping all RAM (tables at the top
     * of RAM), so that the model's TLB misses replay real walks.
     */
    TimedMachine withMmu(long ramBytes) {
        long tables = RAM + ramBytes - (4 << 20);
        TranslationTableBuilder t = new TranslationTableBuilder(memory, Granule.KB4, 48, 0, tables, 4 << 20);
        t.map(RAM, RAM, ramBytes - (4 << 20), TranslationTableBuilder.AF);
        cpu.sysregs.hcrEl2 = 1L << 31; // EL1 is AArch64
        cpu.sysregs.tcr[1] = 16 | 1L << 23 | 4L << 32; // T0SZ 16, EPD1, IPS 44 bits
        cpu.sysregs.ttbr0El1 = t.root();
        cpu.sysregs.sctlrEl1 |= 1; // M
        cpu.setTranslator(new SystemTranslator(memory));
        cpu.switchTlb(1);
        return this;
    }

    static TimedMachine a72(long ramBytes) {
        return new TimedMachine("cortex-a72", 1_600_000_000L, ramBytes);
    }

    static TimedMachine a53(long ramBytes) {
        return new TimedMachine("cortex-a53", 1_200_000_000L, ramBytes);
    }

    /** Enables the cycle counter (PMCR_EL0.E, PMCNTENSET_EL0.C); clobbers X9. */
    static void enableCycleCounter(Assembler a) {
        a.mov(9, 1).msr(PMCR_EL0, 9);
        a.mov(9, 1L << 31).msr(PMCNTENSET_EL0, 9);
    }

    /** Loads {@code code} at its base, runs until the CPU parks in WFI; returns the run's result. */
    RunResult run(Assembler code) {
        byte[] b = code.bytes();
        memory.write(code.base(), b, 0, b.length);
        return run(code.base());
    }

    /** Runs from {@code entry} (code already in memory) until the CPU parks in WFI. */
    RunResult run(long entry) {
        cpu.pc = entry;
        machine.start(0);
        machine.setMaxInstructions(2_000_000_000L);
        RunResult r = machine.run();
        if (r.exitCode() != RunResult.DEADLOCK) {
            throw new IllegalStateException("workload did not finish in WFI: " + r.reason());
        }
        return r;
    }
}
