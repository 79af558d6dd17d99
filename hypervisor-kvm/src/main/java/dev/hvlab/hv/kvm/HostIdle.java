package dev.hvlab.hv.kvm;

import dev.hvlab.core.asm.Assembler;

/**
 * The only host code that really executes: what a physical CPU runs at EL1 while its vCPU thread
 * is not in the guest. The host kernel's work is modelled in Java inside the traps, but waiting
 * must take simulated time, so a CPU whose vCPU blocked runs the idle loop (WFI, parked by the
 * machine until an interrupt), and a vCPU in halt polling runs the polling loop (kvm_vcpu_halt's
 * loop: the vCPU's kick flag, then the deadline on CNTPCT_EL0). Both run with the host's EL1
 * context (VBAR_EL1 = these vectors, TPIDR_EL1 = the CPU's host data) and the host's HCR_EL2, so a
 * physical interrupt is taken at EL1 as in the host kernel; its vector hands over to the model with
 * an HVC, which stands for the vCPU thread's {@code kvm_call_hyp} into {@code __kvm_vcpu_run}. The
 * poll loop's end is reported by HVC too. The kick flag holds the
 * waker's counter value + 1, and counts only once the poller's own counter has reached it (the machine
 * runs CPUs in quanta, so the poller may be ahead of the waker in simulated time).
 */
final class HostIdle {
    static final int HVC_HOST_IRQ = 0x4B00;
    static final int HVC_POLL_EXPIRED = 0x4B01;
    static final int HVC_POLL_WAKE = 0x4B02;
    static final int HVC_HOST_FAULT = 0x4B0F;
    static final long IDLE = 0x800;
    static final long POLL = 0x820;
    /** SPSR_EL2 for a return to the stub: EL1h, DAIF masked (the stub unmasks IRQs itself). */
    static final long SPSR_EL1H = 0x3C5;

    private static final int WFI = 0xD503_207F;
    private static final int TPIDR_EL1 = Assembler.sysreg(3, 0, 13, 0, 4);
    private static final int CNTPCT_EL0 = Assembler.sysreg(3, 3, 14, 0, 1);

    private HostIdle() {
    }

    /** The vectors (2 KiB aligned at {@code base}), the idle loop and the polling loop. */
    static byte[] code(long base) {
        Assembler a = new Assembler(base);
        for (int v = 0; v < 16; v++) {
            int kind = v & 3; // 0 sync, 1 IRQ, 2 FIQ, 3 SError
            a.hvc(kind == 1 ? HVC_HOST_IRQ : HVC_HOST_FAULT);
            while (a.here() < base + 0x80L * (v + 1)) {
                a.nop();
            }
        }
        Assembler.Label loop = a.newLabel();
        a.emit("MSR_i", "op1", 3, "crm", 2, "op2", 7); // DAIFClr #2: interrupts on
        a.bind(loop).word(WFI).b(loop);
        while (a.here() < base + POLL) {
            a.nop();
        }
        Assembler.Label poll = a.newLabel();
        Assembler.Label woken = a.newLabel();
        Assembler.Label deadline = a.newLabel();
        a.emit("MSR_i", "op1", 3, "crm", 2, "op2", 7);
        a.mrs(4, TPIDR_EL1);
        a.ldr(2, 4, HostLayout.POLL_DEADLINE);
        a.ldr(3, 4, HostLayout.POLL_KICK);
        a.bind(poll).ldr(5, 3, 0).mrs(1, CNTPCT_EL0).cbz(5, deadline);
        a.subsReg(Assembler.XZR, 1, 5).bCond(Assembler.HS, woken);
        a.bind(deadline).subsReg(Assembler.XZR, 1, 2).bCond(Assembler.LO, poll);
        a.hvc(HVC_POLL_EXPIRED);
        a.bind(woken).hvc(HVC_POLL_WAKE);
        return a.bytes();
    }
}
