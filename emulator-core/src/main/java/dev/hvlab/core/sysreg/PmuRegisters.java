package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.PerformanceMonitors.CCFILTR_MASK;
import static dev.hvlab.core.sysreg.PerformanceMonitors.COUNTERS;
import static dev.hvlab.core.sysreg.PerformanceMonitors.COUNTER_BITS;
import static dev.hvlab.core.sysreg.PerformanceMonitors.EVTYPER_MASK;
import static dev.hvlab.core.sysreg.SystemRegisters.EL1;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TPM;
import static dev.hvlab.core.sysreg.SystemRegisterFile.MDCR_TPMCR;
import static dev.hvlab.core.sysreg.SystemRegisterFile.PMUSERENR_CR;
import static dev.hvlab.core.sysreg.SystemRegisterFile.PMUSERENR_EN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.PMUSERENR_ER;
import static dev.hvlab.core.sysreg.SystemRegisterFile.PMUSERENR_SW;

import dev.hvlab.core.cpu.Cpu;

/**
 * The PMUv3 System registers (ARM ARM D13.4 "Performance Monitors registers"); values and
 * semantics in {@link PerformanceMonitors}. Access: at EL0 as PMUSERENR_EL0 allows (EN for all,
 * ER for reading event counters and PMSELR_EL0, CR for reading PMCCNTR_EL0, SW for PMSWINC_EL0),
 * then MDCR_EL2.TPM (and TPMCR for PMCR_EL0) to EL2, then MDCR_EL3.TPM to EL3. Event counters
 * beyond PMCR_EL0.N (6) have no entry: UNDEFINED.
 */
final class PmuRegisters {
    private PmuRegisters() {
    }

    private static PerformanceMonitors pmu(Cpu cpu) {
        return cpu.sysregs.pmu;
    }

    static void addTo(SystemRegisters t) {
        AccessRule el2el3 = TrapRules.PMU_TRAPS;
        AccessRule en = TrapRules.pmuserenr(PMUSERENR_EN, PMUSERENR_EN).then(el2el3);
        AccessRule counter = TrapRules.pmuserenr(PMUSERENR_EN | PMUSERENR_ER, PMUSERENR_EN).then(el2el3);

        t.add(new SystemRegister("PMCR_EL0", 3, 3, 9, 12, 0, CoreIdentity.CORTEX_A72.pmcrIdentification(),
                TrapRules.pmuserenr(PMUSERENR_EN, PMUSERENR_EN)
                        .then(TrapRules.mdcrEl2(MDCR_TPM | MDCR_TPMCR)).then(TrapRules.mdcrEl3(MDCR_TPM)),
                cpu -> pmu(cpu).readPmcr(cpu), (cpu, v) -> pmu(cpu).writePmcr(cpu, v)));
        t.add(new SystemRegister("PMCNTENSET_EL0", 3, 3, 9, 12, 1, 0, en,
                cpu -> pmu(cpu).cntenset, (cpu, v) -> pmu(cpu).setCounterEnables(cpu, v, true)));
        t.add(new SystemRegister("PMCNTENCLR_EL0", 3, 3, 9, 12, 2, 0, en,
                cpu -> pmu(cpu).cntenset, (cpu, v) -> pmu(cpu).setCounterEnables(cpu, v, false)));
        t.add(new SystemRegister("PMOVSCLR_EL0", 3, 3, 9, 12, 3, 0, en,
                cpu -> pmu(cpu).ovsset, (cpu, v) -> pmu(cpu).ovsset &= ~(v & COUNTER_BITS)));
        t.add(new SystemRegister("PMSWINC_EL0", 3, 3, 9, 12, 4, 0,
                TrapRules.pmuserenr(0, PMUSERENR_EN | PMUSERENR_SW).then(el2el3),
                null, (cpu, v) -> pmu(cpu).softwareIncrement(v)));
        t.add(new SystemRegister("PMSELR_EL0", 3, 3, 9, 12, 5, 0,
                TrapRules.pmuserenr(PMUSERENR_EN | PMUSERENR_ER, PMUSERENR_EN | PMUSERENR_ER).then(el2el3),
                cpu -> pmu(cpu).selr, (cpu, v) -> pmu(cpu).selr = v & 0x1F));
        t.add(new SystemRegister("PMCEID0_EL0", 3, 3, 9, 12, 6, PerformanceMonitors.PMCEID0, en,
                cpu -> PerformanceMonitors.PMCEID0, null));
        t.add(new SystemRegister("PMCEID1_EL0", 3, 3, 9, 12, 7, 0, en, cpu -> 0L, null));

        t.add(new SystemRegister("PMCCNTR_EL0", 3, 3, 9, 13, 0, 0,
                TrapRules.pmuserenr(PMUSERENR_EN | PMUSERENR_CR, PMUSERENR_EN).then(el2el3),
                cpu -> pmu(cpu).readCycleCounter(cpu), (cpu, v) -> pmu(cpu).writeCycleCounter(cpu, v)));
        // PMXEVTYPER/PMXEVCNTR reach the counter PMSELR_EL0.SEL selects (SEL = 31: PMCCFILTR_EL0 for
        // PMXEVTYPER). A selection of no implemented counter is CONSTRAINED UNPREDICTABLE: RAZ/WI here.
        t.add(new SystemRegister("PMXEVTYPER_EL0", 3, 3, 9, 13, 1, 0, en,
                PmuRegisters::readSelectedType, PmuRegisters::writeSelectedType));
        t.add(new SystemRegister("PMXEVCNTR_EL0", 3, 3, 9, 13, 2, 0, counter,
                cpu -> {
                    int n = pmu(cpu).selectedCounter();
                    return n < 0 ? 0 : pmu(cpu).evcntr[n];
                },
                (cpu, v) -> {
                    int n = pmu(cpu).selectedCounter();
                    if (n >= 0) {
                        pmu(cpu).evcntr[n] = v & 0xFFFFFFFFL;
                    }
                }));

        // PMUSERENR_EL0: EL0 may read it, never write it.
        t.add(new SystemRegister("PMUSERENR_EL0", 3, 3, 9, 14, 0, 0, AccessRule.EL0_READ_ONLY.then(el2el3),
                cpu -> pmu(cpu).userenr, (cpu, v) -> pmu(cpu).userenr = v & 0xF));
        AccessRule el1 = EL1.then(el2el3);
        t.add(new SystemRegister("PMINTENSET_EL1", 3, 0, 9, 14, 1, 0, el1,
                cpu -> pmu(cpu).intenset, (cpu, v) -> pmu(cpu).intenset |= v & COUNTER_BITS));
        t.add(new SystemRegister("PMINTENCLR_EL1", 3, 0, 9, 14, 2, 0, el1,
                cpu -> pmu(cpu).intenset, (cpu, v) -> pmu(cpu).intenset &= ~(v & COUNTER_BITS)));
        t.add(new SystemRegister("PMOVSSET_EL0", 3, 3, 9, 14, 3, 0, en,
                cpu -> pmu(cpu).ovsset, (cpu, v) -> pmu(cpu).ovsset |= v & COUNTER_BITS));

        for (int n = 0; n < COUNTERS; n++) {
            int i = n;
            t.add(new SystemRegister("PMEVCNTR" + n + "_EL0", 3, 3, 14, 8 + (n >>> 3), n & 7, 0, counter,
                    cpu -> pmu(cpu).evcntr[i], (cpu, v) -> pmu(cpu).evcntr[i] = v & 0xFFFFFFFFL));
            t.add(new SystemRegister("PMEVTYPER" + n + "_EL0", 3, 3, 14, 12 + (n >>> 3), n & 7, 0, en,
                    cpu -> pmu(cpu).evtyper[i], (cpu, v) -> pmu(cpu).evtyper[i] = v & EVTYPER_MASK));
        }
        t.add(new SystemRegister("PMCCFILTR_EL0", 3, 3, 14, 15, 7, 0, en,
                cpu -> pmu(cpu).ccfiltr, (cpu, v) -> pmu(cpu).ccfiltr = v & CCFILTR_MASK));
    }

    private static long readSelectedType(Cpu cpu) {
        PerformanceMonitors p = pmu(cpu);
        if ((p.selr & 0x1F) == 31) {
            return p.ccfiltr;
        }
        int n = p.selectedCounter();
        return n < 0 ? 0 : p.evtyper[n];
    }

    private static void writeSelectedType(Cpu cpu, long v) {
        PerformanceMonitors p = pmu(cpu);
        if ((p.selr & 0x1F) == 31) {
            p.ccfiltr = v & CCFILTR_MASK;
            return;
        }
        int n = p.selectedCounter();
        if (n >= 0) {
            p.evtyper[n] = v & EVTYPER_MASK;
        }
    }
}
