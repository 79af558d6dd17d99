package dev.hvlab.core.exception;

import static dev.hvlab.core.exception.Routing.HCR_AMO;
import static dev.hvlab.core.exception.Routing.HCR_FMO;
import static dev.hvlab.core.exception.Routing.HCR_IMO;
import static dev.hvlab.core.exception.Routing.HCR_VF;
import static dev.hvlab.core.exception.Routing.HCR_VI;
import static dev.hvlab.core.exception.Routing.HCR_VSE;
import static dev.hvlab.core.exception.Routing.SCR_EA;
import static dev.hvlab.core.exception.Routing.SCR_FIQ;
import static dev.hvlab.core.exception.Routing.SCR_IRQ;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.ExceptionHandler;
import dev.hvlab.core.hypervisor.El2Dispatcher;

/**
 * The full-system exception model: every exception a CPU raises is taken architecturally
 * ({@link ExceptionEntry}) at the EL {@link Routing} chooses, and interrupts are taken between
 * instructions when routing and PSTATE masks allow. Two guest-visible services stand in for software
 * that is not in the image: semihosting ({@code HLT #0xF000}, when enabled) and the EL3 firmware
 * model (SMCs taken to EL3).
 */
public final class ExceptionModel implements ExceptionHandler {
    private static final int SEMIHOSTING_HLT = 0xF000;
    private static final int PSTATE_A = 1 << 8;
    private static final int PSTATE_I = 1 << 7;
    private static final int PSTATE_F = 1 << 6;

    private SemihostingCall semihosting;
    private SecureMonitorCall secureMonitor;
    private El2Dispatcher el2;

    /** Enables semihosting; null disables it (HLT is then UNDEFINED). */
    public void setSemihosting(SemihostingCall s) {
        this.semihosting = s;
    }

    /** Installs the EL3 firmware model; null lets SMCs reach the guest's own EL3 vectors. */
    public void setSecureMonitor(SecureMonitorCall m) {
        this.secureMonitor = m;
    }

    /**
     * Installs a hypervisor model's dispatcher: every exception routed to EL2 goes to it instead of
     * the VBAR_EL2 vectors; null restores plain architecture (EL2 code from the image).
     */
    public void setEl2Dispatcher(El2Dispatcher d) {
        this.el2 = d;
    }

    @Override
    public long take(Cpu cpu, ArchitecturalException e) {
        if (e.ec == ExceptionClass.HLT) {
            if (semihosting != null && e.iss == SEMIHOSTING_HLT) {
                return semihosting.handle(cpu, e.preferredReturn);
            }
            // Halting debug is not modelled: HLT is UNDEFINED.
            e.ec = ExceptionClass.UNKNOWN;
            e.iss = 0;
        }
        int target = Routing.synchronousTarget(cpu, e);
        if (target == 3 && e.ec == ExceptionClass.SMC64 && secureMonitor != null && secureMonitor.handleSmc(cpu)) {
            return e.preferredReturn;
        }
        if (target == 2 && el2 != null) {
            return el2.take(cpu, ExceptionKind.SYNC, e, e.preferredReturn);
        }
        return ExceptionEntry.take(cpu, target, ExceptionKind.SYNC, e, e.preferredReturn);
    }

    /**
     * Takes the highest-priority interrupt that is pending and not masked: physical FIQ, IRQ and
     * SError first, then the virtual ones (HCR_EL2.VF/VI/VSE or the GIC's virtual interface).
     */
    @Override
    public long pollInterrupts(Cpu cpu, long pc) {
        int daif = cpu.daif;
        if (cpu.fiqLine) {
            int t = Routing.physicalTarget(cpu, SCR_FIQ, HCR_FMO);
            if (Routing.takenNow(cpu, t, (daif & PSTATE_F) != 0)) {
                return t == 2 && el2 != null ? el2.take(cpu, ExceptionKind.FIQ, null, pc)
                        : ExceptionEntry.take(cpu, t, ExceptionKind.FIQ, null, pc);
            }
        }
        if (cpu.irqLine) {
            int t = Routing.physicalTarget(cpu, SCR_IRQ, HCR_IMO);
            if (Routing.takenNow(cpu, t, (daif & PSTATE_I) != 0)) {
                return t == 2 && el2 != null ? el2.take(cpu, ExceptionKind.IRQ, null, pc)
                        : ExceptionEntry.take(cpu, t, ExceptionKind.IRQ, null, pc);
            }
        }
        if (cpu.serrorLine) {
            int t = Routing.physicalTarget(cpu, SCR_EA, HCR_AMO);
            if (Routing.takenNow(cpu, t, (daif & PSTATE_A) != 0)) {
                cpu.serrorLine = false; // an SError is an event, consumed when taken
                return t == 2 && el2 != null ? el2.take(cpu, ExceptionKind.SERROR, serror(cpu, pc), pc)
                        : ExceptionEntry.take(cpu, t, ExceptionKind.SERROR, serror(cpu, pc), pc);
            }
        }
        long hcr = cpu.sysregs.hcrEl2;
        if ((cpu.vfiqLine || (hcr & HCR_VF) != 0) && (daif & PSTATE_F) == 0 && Routing.virtualEnabled(cpu, HCR_FMO)) {
            return ExceptionEntry.take(cpu, 1, ExceptionKind.FIQ, null, pc);
        }
        if ((cpu.virqLine || (hcr & HCR_VI) != 0) && (daif & PSTATE_I) == 0 && Routing.virtualEnabled(cpu, HCR_IMO)) {
            return ExceptionEntry.take(cpu, 1, ExceptionKind.IRQ, null, pc);
        }
        if ((hcr & HCR_VSE) != 0 && (daif & PSTATE_A) == 0 && Routing.virtualEnabled(cpu, HCR_AMO)) {
            // Taking a virtual SError clears HCR_EL2.VSE (ARM ARM D1.14.4).
            cpu.sysregs.hcrEl2 = hcr & ~HCR_VSE;
            return ExceptionEntry.take(cpu, 1, ExceptionKind.SERROR, serror(cpu, pc), pc);
        }
        return pc;
    }

    /** An SError syndrome: EC 0x2F with an IMPLEMENTATION DEFINED (here zero) ISS. */
    private static ArchitecturalException serror(Cpu cpu, long pc) {
        return cpu.raise(ExceptionClass.SERROR, 0, pc);
    }
}
