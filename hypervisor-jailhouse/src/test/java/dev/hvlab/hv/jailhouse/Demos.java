package dev.hvlab.hv.jailhouse;

import dev.hvlab.core.asm.Assembler;

/** Demos built from the {@link Guests} inmate library. */
final class Demos {
    static final int CPU_ON = 0x8400_0003;
    static final int CPU_OFF = 0x8400_0002;

    private Demos() {
    }

    /** GIC CPU interface on (ICC_SRE_EL1.SRE, PMR open, Group 1 enabled): at EL1 under IMO, the ICV registers. */
    static void gicOn(Assembler a) {
        a.mov(1, 1);
        a.msr(Guests.reg("ICC_SRE_EL1"), 1);
        a.isb();
        a.mov(1, 0xFF);
        a.msr(Guests.reg("ICC_PMR_EL1"), 1);
        a.mov(1, 1);
        a.msr(Guests.reg("ICC_IGRPEN1_EL1"), 1);
        a.isb();
    }

    /**
     * Root cell on CPUs 0 and 1: CPU 0 starts CPU 1 with PSCI CPU_ON, CPU 1 sends SGI 5 to CPU 0
     * (ICC_SGI1R_EL1, trapped), CPU 0 waits for it and prints what it got.
     */
    static byte[] rootSgiPing(long base) {
        Assembler a = new Assembler(base);
        Assembler.Label puts = a.newLabel();
        Assembler.Label putdec = a.newLabel();
        Assembler.Label buf = a.newLabel();
        Assembler.Label main = a.newLabel();
        Assembler.Label secondary = a.newLabel();
        Assembler.Label wait = a.newLabel();
        Assembler.Label hello = a.newLabel();
        Assembler.Label got = a.newLabel();
        Assembler.Label from = a.newLabel();
        a.b(main);
        Guests.putsRoutine(a, puts, true);
        Guests.putdecRoutine(a, putdec, buf, true);
        a.bind(main);
        gicOn(a);
        a.adr(2, hello);
        a.bl(puts);
        a.mov(1, 0x1);                      // MPIDR of CPU 1 (Aff0 = 1)
        a.adr(2, secondary);
        a.mov(3, 0);
        Guests.psci(a, CPU_ON);
        a.bind(wait);
        a.word(Guests.WFI);
        a.mrs(0, Guests.reg("ICC_IAR1_EL1"));
        a.cmp(0, 1023);
        a.bCond(Assembler.EQ, wait);
        a.msr(Guests.reg("ICC_EOIR1_EL1"), 0);
        a.movReg(19, 0);
        a.adr(2, got);
        a.bl(puts);
        a.movReg(0, 19);
        a.bl(putdec);
        a.adr(2, from);
        a.bl(puts);
        Guests.halt(a);
        a.bind(secondary);
        gicOn(a);
        a.mov(1, 1L | 5L << 24);            // TargetList = CPU 0 (Aff1 0), INTID 5
        a.msr(Guests.reg("ICC_SGI1R_EL1"), 1);
        Guests.halt(a);
        Guests.string(a, hello, "root: starting CPU 1\n");
        Guests.string(a, got, "root: SGI ");
        Guests.string(a, from, " from CPU 1\n");
        for (int i = 0; i < 6; i++) {
            a.word(0);
        }
        a.bind(buf);
        a.word(0);
        return Guests.elf(a);
    }

    /**
     * The timer-latency demo, in the spirit of Jailhouse's gic-demo: the EL1 virtual timer fires
     * every {@code periodTicks} counter ticks, the handler measures how late it runs (CNTVCT_EL0 minus
     * the programmed CNTV_CVAL_EL0), and after {@code rounds} interrupts prints min/avg/max in ns and
     * turns its CPU off. {@code gicrSgiFrame}: the SGI frame of its CPU's redistributor.
     */
    static byte[] timerLatency(long base, long gicrSgiFrame, int periodTicks, int rounds) {
        Assembler a = new Assembler(base);
        Assembler.Label puts = a.newLabel();
        Assembler.Label putdec = a.newLabel();
        Assembler.Label buf = a.newLabel();
        Assembler.Label main = a.newLabel();
        Assembler.Label arm = a.newLabel();
        Assembler.Label handler = a.newLabel();
        Assembler.Label finish = a.newLabel();
        Assembler.Label idle = a.newLabel();
        Assembler.Label vectors = a.newLabel();
        Assembler.Label start = a.newLabel();
        Assembler.Label sMin = a.newLabel();
        Assembler.Label sAvg = a.newLabel();
        Assembler.Label sMax = a.newLabel();
        Assembler.Label sNs = a.newLabel();
        a.b(main);
        Guests.putsRoutine(a, puts, true);
        Guests.putdecRoutine(a, putdec, buf, true);
        // arm: CNTV_CVAL_EL0 = now + period (kept in x23), CNTV_CTL_EL0 = ENABLE.
        a.bind(arm);
        a.mrs(0, Guests.reg("CNTVCT_EL0"));
        a.add(0, 0, periodTicks);
        a.msr(Guests.reg("CNTV_CVAL_EL0"), 0);
        a.movReg(23, 0);
        a.mov(0, 1);
        a.msr(Guests.reg("CNTV_CTL_EL0"), 0);
        a.isb();
        a.ret();
        a.bind(main);
        a.adr(0, vectors);
        a.msr(Guests.reg("VBAR_EL1"), 0);
        gicOn(a);
        a.adr(2, start);
        a.bl(puts);
        a.mov(9, gicrSgiFrame);
        a.mov(1, 1L << 27);                 // GICR_ISENABLER0: the virtual timer PPI
        a.strw(1, 9, 0x100);
        a.mrs(24, Guests.reg("CNTFRQ_EL0"));
        a.mov(19, rounds);
        a.mov(20, -1L);
        a.mov(21, 0);
        a.mov(22, 0);
        a.bl(arm);
        a.msr(Guests.reg("DAIF"), 31);      // unmask
        a.bind(idle);
        a.word(Guests.WFI);
        a.b(idle);
        // The handler: IRQ from the current EL with SP_ELx.
        a.bind(handler);
        a.mrs(25, Guests.reg("ICC_IAR1_EL1"));
        a.mrs(1, Guests.reg("CNTVCT_EL0"));
        a.subReg(1, 1, 23);
        a.subsReg(31, 1, 20);
        a.emit("CSEL", "sf", 1, "rm", 20, "cond", Assembler.LO, "rn", 1, "rd", 20);
        a.subsReg(31, 1, 21);
        a.emit("CSEL", "sf", 1, "rm", 21, "cond", Assembler.HI, "rn", 1, "rd", 21);
        a.addReg(22, 22, 1);
        a.sub(19, 19, 1);
        a.cbz(19, finish);
        a.bl(arm);
        a.msr(Guests.reg("ICC_EOIR1_EL1"), 25);
        a.word(0xD69F03E0);                 // ERET
        a.bind(finish);
        a.msr(Guests.reg("CNTV_CTL_EL0"), 31);
        a.msr(Guests.reg("ICC_EOIR1_EL1"), 25);
        a.adr(2, sMin);
        a.bl(puts);
        a.movReg(0, 20);
        ns(a, putdec);
        a.adr(2, sAvg);
        a.bl(puts);
        a.mov(2, rounds);
        a.emit("UDIV", "sf", 1, "rm", 2, "rn", 22, "rd", 0);
        ns(a, putdec);
        a.adr(2, sMax);
        a.bl(puts);
        a.movReg(0, 21);
        ns(a, putdec);
        a.adr(2, sNs);
        a.bl(puts);
        Guests.psci(a, CPU_OFF);
        Guests.halt(a);
        Guests.string(a, start, "timer-demo: measuring\n");
        Guests.string(a, sMin, "latency min ");
        Guests.string(a, sAvg, " avg ");
        Guests.string(a, sMax, " max ");
        Guests.string(a, sNs, " ns\n");
        for (int i = 0; i < 6; i++) {
            a.word(0);
        }
        a.bind(buf);
        a.word(0);
        while ((a.here() & 0x7FF) != 0) {
            a.word(0xD503201F);
        }
        a.bind(vectors);
        for (int v = 0; v < 16; v++) {
            if (v == 5) {
                a.b(handler);               // VBAR + 0x280: IRQ, current EL, SP_ELx
            } else {
                Assembler.Label self = a.newLabel();
                a.bind(self);
                a.b(self);
            }
            for (int i = 1; i < 32; i++) {
                a.word(0xD503201F);
            }
        }
        return Guests.elf(a);
    }

    /** Prints x0 counter ticks as nanoseconds (x24 = CNTFRQ_EL0). */
    private static void ns(Assembler a, Assembler.Label putdec) {
        a.mov(5, 1_000_000_000L);
        a.emit("MADD", "sf", 1, "rm", 5, "ra", 31, "rn", 0, "rd", 0);
        a.emit("UDIV", "sf", 1, "rm", 24, "rn", 0, "rd", 0);
        a.bl(putdec);
    }
}
