package dev.hvlab.board.imx8qm;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.difftest.ElfWriter;
import dev.hvlab.core.firmware.Psci;
import dev.hvlab.core.sysreg.SystemRegister;
import dev.hvlab.core.sysreg.SystemRegisters;
import dev.hvlab.core.uart.Lpuart;
import dev.hvlab.core.uart.Pl011;
import java.util.List;

/**
 * Bare-metal guest images built with the Assembler and wrapped as ELF files: what a user would
 * pass to {@code hvlab boot --kernel}. Register use: X1 the UART data register, X2-X4 scratch for
 * printing.
 */
final class GuestPrograms {
    static final long IMX8QM_UART_DATA = 0x5a06_0000L + Lpuart.DATA;
    static final long VIRT_UART_DATA = 0x0900_0000L + Pl011.DR;

    private GuestPrograms() {
    }

    static int reg(String name) {
        SystemRegister r = SystemRegisters.standard().byName(name);
        if (r == null) {
            throw new IllegalArgumentException(name);
        }
        return r.key();
    }

    static byte[] elf(Assembler a) {
        return ElfWriter.write(a.base(), List.of(new ElfWriter.Segment(a.base(), a.bytes(), a.bytes().length, ElfWriter.PF_R
                | ElfWriter.PF_W | ElfWriter.PF_X)));
    }

    static void print(Assembler a, Assembler.Label msg) {
        SmpDemo.print(a, msg);
    }

    static void systemOff(Assembler a) {
        SmpDemo.systemOff(a);
    }

    static void string(Assembler a, Assembler.Label l, String s) {
        SmpDemo.string(a, l, s);
    }

    /** Hello world through the console UART whose data register is at {@code uartData}. */
    static byte[] hello(long ramBase, long uartData) {
        Assembler a = new Assembler(ramBase + 0x10_0000);
        Assembler.Label msg = a.newLabel();
        a.mov(1, uartData);
        print(a, msg);
        systemOff(a);
        string(a, msg, "Hello from hvlab\n");
        return elf(a);
    }

    /** The SMP demo of {@code hvlab boot} ({@link SmpDemo}), as an ELF. */
    static byte[] smp(long ramBase, long uartData, long[] mpidrs) {
        return elf(SmpDemo.assemble(ramBase, uartData, mpidrs));
    }

    /** Where the timer program's IRQ handler records INTID (+0) and CNTVCT_EL0 at entry (+8). */
    static final long TIMER_RESULTS = 0x20_0000;
    /** Where it records CNTV_CVAL_EL0 as programmed. */
    static final long TIMER_CVAL = 0x20_0010;

    /**
     * A timer interrupt at EL1 (i.MX 8QM): programs CNTV for {@code ticks} counter ticks from now,
     * enables the virtual timer PPI (27) in redistributor 0 and Group 1 in the distributor and the
     * CPU interface, unmasks IRQ and waits in WFI; the IRQ vector acknowledges through ICC_IAR1_EL1,
     * records the INTID and the counter, prints "irq", disables the timer, EOIs and powers off.
     */
    static byte[] timer(long ramBase, long uartData, long gicd, long gicr, int ticks) {
        long code = ramBase + 0x10_0000;
        Assembler a = new Assembler(code);
        Assembler.Label vectors = a.newLabel();
        Assembler.Label msg = a.newLabel();
        a.mov(1, uartData);
        a.adr(0, vectors);
        a.msr(reg("VBAR_EL1"), 0);
        a.isb();
        a.mov(2, gicd);
        a.mov(3, 0x12);                          // GICD_CTLR (Non-secure view): ARE_NS, EnableGrp1A
        a.strw(3, 2, 0);
        a.mov(2, gicr + 0x10000 + 0x100);        // GICR_ISENABLER0 in redistributor 0's SGI frame
        a.mov(3, 1L << 27);
        a.strw(3, 2, 0);
        a.mov(3, 1);
        a.msr(reg("ICC_SRE_EL1"), 3);
        a.isb();
        a.mov(3, 0xFF);
        a.msr(reg("ICC_PMR_EL1"), 3);
        a.mov(3, 1);
        a.msr(reg("ICC_IGRPEN1_EL1"), 3);
        a.mrs(4, reg("CNTVCT_EL0"));
        a.add(4, 4, ticks);
        a.msr(reg("CNTV_CVAL_EL0"), 4);
        a.mov(5, ramBase + TIMER_CVAL);
        a.str(4, 5, 0);
        a.mov(3, 1);                             // ENABLE, IMASK clear
        a.msr(reg("CNTV_CTL_EL0"), 3);
        a.emit("MSR_i", "op1", 3, "crm", 2, "op2", 7);   // DAIFClr #2: unmask IRQ
        Assembler.Label idle = a.newLabel();
        a.bind(idle);
        a.word(0xD503207F);                      // WFI
        a.b(idle);
        string(a, msg, "irq\n");
        while ((a.here() & 0x7FF) != 0) {
            a.nop();
        }
        a.bind(vectors);
        while (a.here() != a.address(vectors) + 0x280) {
            a.nop();
        }
        // IRQ, current EL with SP_ELx.
        a.mrs(6, reg("CNTVCT_EL0"));
        a.mrs(0, reg("ICC_IAR1_EL1"));
        a.mov(5, ramBase + TIMER_RESULTS);
        a.str(0, 5, 0);
        a.str(6, 5, 8);
        print(a, msg);
        a.mov(3, 0);
        a.msr(reg("CNTV_CTL_EL0"), 3);
        a.msr(reg("ICC_EOIR1_EL1"), 0);
        systemOff(a);
        return elf(a);
    }
}
