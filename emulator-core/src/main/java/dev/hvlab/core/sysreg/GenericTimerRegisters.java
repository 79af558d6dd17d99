package dev.hvlab.core.sysreg;

import static dev.hvlab.core.sysreg.SystemRegisters.EL1;
import static dev.hvlab.core.sysreg.SystemRegisters.EL2;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTHCTL_EL1PCEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTHCTL_EL1PCTEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTKCTL_EL0PCTEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTKCTL_EL0PTEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTKCTL_EL0VCTEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.CNTKCTL_EL0VTEN;
import static dev.hvlab.core.sysreg.SystemRegisterFile.SCR_ST;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_HYP;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_PHYS;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_SECURE;
import static dev.hvlab.core.sysreg.SystemRegisterFile.TIMER_VIRT;

import dev.hvlab.core.cpu.Cpu;

/**
 * The Generic Timer's System registers (ARM ARM D11.2 "The AArch64 view of the Generic Timer"):
 * the counters, the EL1 physical (CNTP), virtual (CNTV), EL2 physical (CNTHP) and secure physical
 * (CNTPS) timers and their controls. The table computes what is defined by the counter alone
 * (CTL.ISTATUS, TVAL); the timer model, through {@link SystemRegisterFile#timerListener}, turns a
 * met condition into an interrupt.
 */
final class GenericTimerRegisters {
    private static final long CTL_ENABLE = 1;
    private static final long CTL_IMASK = 2;
    private static final long CTL_ISTATUS = 4;

    private GenericTimerRegisters() {
    }

    static void addTo(SystemRegisters t) {
        AccessRule el0Read = TrapRules.cntkctl(CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN);
        AccessRule frq = (cpu, read) -> {
            if (!read) {
                return cpu.el == 3 ? Access.OK : Access.UNDEFINED; // writable at the highest EL only
            }
            return el0Read.check(cpu, true);
        };
        t.add(new SystemRegister("CNTFRQ_EL0", 3, 3, 14, 0, 0, 0, frq,
                cpu -> cpu.sysregs.cntfrqEl0, (cpu, v) -> cpu.sysregs.cntfrqEl0 = v & 0xFFFFFFFFL));
        t.add(new SystemRegister("CNTPCT_EL0", 3, 3, 14, 0, 1, 0,
                TrapRules.cntkctl(CNTKCTL_EL0PCTEN).then(TrapRules.cnthctl(CNTHCTL_EL1PCTEN)),
                cpu -> cpu.sysregs.counter.physicalCount(cpu), null));
        t.add(new SystemRegister("CNTVCT_EL0", 3, 3, 14, 0, 2, 0, TrapRules.cntkctl(CNTKCTL_EL0VCTEN),
                cpu -> cpu.sysregs.virtualCount(cpu), null));
        t.add(new SystemRegister("CNTKCTL_EL1", 3, 0, 14, 1, 0, 0, EL1,
                cpu -> cpu.sysregs.cntkctlEl1, (cpu, v) -> {
                    cpu.sysregs.cntkctlEl1 = v & 0x3FFL;
                    cpu.sysregs.timerListener.timerChanged(cpu, -1);
                }));
        t.add(new SystemRegister("CNTVOFF_EL2", 3, 4, 14, 0, 3, 0, EL2,
                cpu -> cpu.sysregs.cntvoffEl2, (cpu, v) -> {
                    cpu.sysregs.cntvoffEl2 = v;
                    cpu.sysregs.timerListener.timerChanged(cpu, TIMER_VIRT);
                }));
        // CNTHCTL_EL2 (E2H = 0): EL1PCTEN, EL1PCEN, EVNTEN, EVNTDIR, EVNTI[7:4]. EL1PCTEN and EL1PCEN
        // reset to UNKNOWN values; hvlab picks 1 (no trap), so EL1 code started without an EL2 runs.
        t.add(new SystemRegister("CNTHCTL_EL2", 3, 4, 14, 1, 0, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN, EL2,
                cpu -> cpu.sysregs.cnthctlEl2, (cpu, v) -> {
                    cpu.sysregs.cnthctlEl2 = v & 0xFFL;
                    cpu.sysregs.timerListener.timerChanged(cpu, -1);
                }));

        timer(t, "CNTP", 3, 2, TIMER_PHYS,
                TrapRules.cntkctl(CNTKCTL_EL0PTEN).then(TrapRules.cnthctl(CNTHCTL_EL1PCEN)));
        timer(t, "CNTV", 3, 3, TIMER_VIRT, TrapRules.cntkctl(CNTKCTL_EL0VTEN));
        timer(t, "CNTHP", 4, 2, TIMER_HYP, EL2);
        timer(t, "CNTPS", 7, 2, TIMER_SECURE, GenericTimerRegisters::securePhysical);
    }

    /**
     * CNTPS_*_EL1: UNDEFINED at EL0, at EL2 and in Non-secure EL1; from Secure EL1 they trap to EL3
     * unless SCR_EL3.ST is 1 (ARM ARM, CNTPS_CTL_EL1 accessibility).
     */
    private static Access securePhysical(Cpu cpu, boolean read) {
        return switch (cpu.el) {
            case 1 -> cpu.sysregs.el2Enabled() ? Access.UNDEFINED
                    : (cpu.sysregs.scrEl3 & SCR_ST) == 0 ? Access.TRAP_EL3 : Access.OK;
            case 3 -> Access.OK;
            default -> Access.UNDEFINED;
        };
    }

    /** {@code <prefix>_TVAL_ELx} (op2 0), {@code _CTL} (op2 1) and {@code _CVAL} (op2 2) at CRm {@code crm}. */
    private static void timer(SystemRegisters t, String prefix, int op1, int crm, int timer, AccessRule rule) {
        String el = switch (op1) {
            case 3 -> "_EL0";
            case 4 -> "_EL2";
            default -> "_EL1";
        };
        t.add(new SystemRegister(prefix + "_TVAL" + el, 3, op1, 14, crm, 0, 0, rule,
                cpu -> (cpu.sysregs.cntCval[timer] - cpu.sysregs.timerCount(cpu, timer)) & 0xFFFFFFFFL,
                (cpu, v) -> {
                    cpu.sysregs.cntCval[timer] = cpu.sysregs.timerCount(cpu, timer) + (int) v;
                    cpu.sysregs.timerListener.timerChanged(cpu, timer);
                }));
        t.add(new SystemRegister(prefix + "_CTL" + el, 3, op1, 14, crm, 1, 0, rule,
                cpu -> control(cpu, timer),
                (cpu, v) -> {
                    cpu.sysregs.cntCtl[timer] = v & (CTL_ENABLE | CTL_IMASK);
                    cpu.sysregs.timerListener.timerChanged(cpu, timer);
                }));
        t.add(new SystemRegister(prefix + "_CVAL" + el, 3, op1, 14, crm, 2, 0, rule,
                cpu -> cpu.sysregs.cntCval[timer],
                (cpu, v) -> {
                    cpu.sysregs.cntCval[timer] = v;
                    cpu.sysregs.timerListener.timerChanged(cpu, timer);
                }));
    }

    /**
     * CTL with ISTATUS: set while the timer is enabled and its condition is met, count - CVAL >= 0
     * with both taken as unsigned 64-bit values (ARM ARM D11.2.4, "Operation of the CompareValue views").
     */
    private static long control(Cpu cpu, int timer) {
        long ctl = cpu.sysregs.cntCtl[timer];
        boolean met = (ctl & CTL_ENABLE) != 0
                && Long.compareUnsigned(cpu.sysregs.timerCount(cpu, timer), cpu.sysregs.cntCval[timer]) >= 0;
        return met ? ctl | CTL_ISTATUS : ctl;
    }
}
