package dev.hvlab.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.cpu.ExceptionHandler;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.isa.A64;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.Pstate;
import dev.hvlab.core.sysreg.SystemRegisters;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each trace kind on a CPU at EL1 with the architectural exception model, the limit in bytes and
 * lines, the EL and PC filters, and the option parsing. Expected values come from the ARM ARM
 * (ESR layouts, vector offsets) and objdump's syntax.
 */
class TraceTest {
    private static final long RAM = 0x4000_0000L;
    private static final long VBAR = RAM + 0x800;
    /** Addresses from here up fault in the test's translation (level 3 translation fault). */
    private static final long FAULTING = 0x4100_0000L;
    private static final int TPIDR_EL1 = SystemRegisters.standard().byName("TPIDR_EL1").key();
    private static final int MPIDR_EL1 = SystemRegisters.standard().byName("MPIDR_EL1").key();

    private final PhysicalMemory memory = new PhysicalMemory();
    private final Cpu cpu = new Cpu(0, memory, A64.decoder());
    private final StringWriter out = new StringWriter();

    TraceTest() {
        memory.addRam(RAM, 1 << 20);
        cpu.setTranslator((c, va, type, pc) -> {
            if (Long.compareUnsigned(va, FAULTING) >= 0) {
                var e = c.raise(c.el == 0 ? ExceptionClass.DATA_ABORT_LOWER : ExceptionClass.DATA_ABORT_SAME, 0x07, pc);
                e.far = va;
                e.farValid = true;
                throw e;
            }
            return va;
        });
        cpu.setExceptionHandler(new ExceptionModel());
        Pstate.select(cpu, 1, 1);
        cpu.daif = 0; // interrupts unmasked
        cpu.sysregs.vbar[1] = VBAR;
        cpu.x[Cpu.SP] = RAM + 0x8_0000;
    }

    private void load(Assembler a) {
        byte[] b = a.bytes();
        memory.write(a.base(), b, 0, b.length);
    }

    /** A vector table at VBAR whose every entry is {@code b .} (the run stops on budget). */
    private void spinningVectors() {
        Assembler v = new Assembler(VBAR);
        for (int entry = 0; entry < 16; entry++) {
            Assembler.Label self = v.newLabel();
            v.bind(self);
            v.b(self);
            while (v.size() % 0x80 != 0) {
                v.nop();
            }
        }
        load(v);
    }

    private Trace trace(TraceOptions o) {
        return Trace.install(List.of(cpu), o, out);
    }

    private List<String> lines() {
        return Arrays.stream(out.toString().split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    private List<String> lines(String kind) {
        return lines().stream().filter(l -> l.split(" ")[3].equals(kind)).toList();
    }

    @Test
    void insnLinesGivePcElCountEncodingAndDisassembly() {
        Assembler a = new Assembler(RAM);
        a.mov(0, 1);     // MOVZ X0, #1
        a.add(1, 0, 4);  // ADD X1, X0, #4
        a.nop();
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.INSN)))) {
            cpu.run(3);
        }
        assertEquals(List.of(
                "cpu0 EL1 #0 insn 0x40000000: d2800020  mov x0, #0x1",
                "cpu0 EL1 #1 insn 0x40000004: 91001001  add x1, x0, #0x4",
                "cpu0 EL1 #2 insn 0x40000008: d503201f  nop"), lines());
        assertEquals(5, cpu.x[1], "tracing does not change what runs");
    }

    @Test
    void excLinesGiveTheClassEsrElrTargetElAndVector() {
        spinningVectors();
        Assembler a = new Assembler(RAM);
        a.nop();
        a.svc(0x42);
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.EXC)))) {
            cpu.run(4);
        }
        // ESR: EC 0x15 << 26 | IL << 25 | imm16; ELR: the next instruction; vector: current EL with
        // SP_ELx, synchronous = VBAR + 0x200 (ARM ARM D1.10.2)
        assertEquals(List.of("cpu0 EL1 #1 exc SVC64 at 0x40000004 ESR 0x56000042 ELR 0x40000008 -> EL1 vector 0x40000a00"),
                lines());
    }

    @Test
    void aDataAbortReportsItsFaultStatusAndFarUnderExcAndMmu() {
        spinningVectors();
        Assembler a = new Assembler(RAM);
        a.mov(2, FAULTING + 0x10); // MOVZ + MOVK
        a.ldr(3, 2, 0);
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.EXC, TraceKind.MMU)))) {
            cpu.run(8);
        }
        List<String> exc = lines("exc");
        assertEquals(1, exc.size(), out.toString());
        // EC 0x25 (data abort, same EL), IL = 1, DFSC 0x07; vector VBAR + 0x200
        assertTrue(exc.get(0).matches("cpu0 EL1 #\\d+ exc DATA_ABORT_SAME DFSC 0x07 translation fault, level 3 at 0x40000008 "
                + "ESR 0x96000007 FAR 0x41000010 ELR 0x40000008 -> EL1 vector 0x40000a00"), exc.get(0));
        List<String> mmu = lines("mmu");
        assertTrue(mmu.contains("cpu0 EL1 #0 mmu fill FETCH va 0x40000000 -> pa 0x40000000 pc 0x40000000"), out.toString());
        assertTrue(mmu.stream().anyMatch(l -> l.endsWith(
                "mmu fault READ va 0x41000010 pc 0x40000008: DATA_ABORT_SAME DFSC 0x07 translation fault, level 3")), out.toString());
    }

    @Test
    void tlbiIsAnMmuEventAndSysregLinesGiveNamesAndValues() {
        Assembler a = new Assembler(RAM);
        a.mov(4, 0x1234_5678L);
        a.msr(TPIDR_EL1, 4);
        a.mrs(5, MPIDR_EL1);
        a.emit("SYS", "op1", 0, "crn", 8, "crm", 7, "op2", 0, "rt", 31); // TLBI VMALLE1
        a.nop();
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.SYSREG, TraceKind.MMU)))) {
            cpu.run(6);
        }
        long mpidr = SystemRegisters.standard().byName("MPIDR_EL1").read(cpu);
        List<String> sys = lines("sysreg");
        assertEquals(List.of(
                "cpu0 EL1 #2 sysreg 0x40000008: MSR TPIDR_EL1 <- 0x12345678",
                "cpu0 EL1 #4 sysreg 0x4000000c: MRS MPIDR_EL1 -> 0x" + Long.toHexString(mpidr)), sys);
        assertEquals(mpidr, cpu.x[5]);
        assertTrue(lines("mmu").contains("cpu0 EL1 #4 mmu 0x40000010: TLBI VMALLE1"), out.toString());
    }

    @Test
    void anMrsThatTrapsSaysSo() {
        spinningVectors();
        Assembler a = new Assembler(RAM);
        a.mrs(5, SystemRegisters.standard().byName("SCR_EL3").key()); // UNDEFINED at EL1
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.SYSREG, TraceKind.EXC)))) {
            cpu.run(3);
        }
        assertEquals("cpu0 EL1 #0 exc UNKNOWN at 0x40000000 ESR 0x02000000 ELR 0x40000000 -> EL1 vector 0x40000a00",
                lines("exc").get(0));
        assertEquals(List.of("cpu0 EL1 #0 sysreg 0x40000000: MRS SCR_EL3 trapped (see exc)"), lines("sysreg"));
    }

    @Test
    void irqLinesAndTakenInterrupts() {
        spinningVectors();
        Assembler a = new Assembler(RAM);
        for (int i = 0; i < 8; i++) {
            a.nop();
        }
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.IRQ)))) {
            cpu.run(2);
            cpu.irqLine = true;
            cpu.interruptsChanged();
            cpu.run(2);
        }
        // IRQ to the current EL with SP_ELx: VBAR + 0x280; the exception returns to the nop not run
        assertEquals(List.of(
                "cpu0 EL1 #2 irq lines IRQ=1* FIQ=0 SError=0 vIRQ=0 vFIQ=0",
                "cpu0 EL1 #2 irq taken IRQ at 0x40000008 -> EL1 vector 0x40000a80"), lines());
        assertEquals(RAM + 8, cpu.sysregs.elr[1]);
    }

    @Test
    void theLimitInBytesAndInLinesStopsTracingWithOneLastLine() {
        Assembler a = new Assembler(RAM);
        for (int i = 0; i < 100; i++) {
            a.nop();
        }
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.INSN)).withLimit(5, true))) {
            cpu.run(100);
            assertTrue(t.log().full());
        }
        List<String> l = lines();
        assertEquals(6, l.size(), out.toString());
        assertEquals("hvlab: trace limit of 5 lines reached, tracing stopped", l.get(5));
        assertNull(cpu.tracer(), "the tracer removed itself: the rest runs the fast loop");
        assertEquals(100, cpu.instructions);

        out.getBuffer().setLength(0);
        Cpu other = new Cpu(1, memory, A64.decoder());
        other.pc = RAM;
        String one = "cpu1 EL0 #0 insn 0x40000000: d503201f  nop\n";
        try (Trace t = Trace.install(List.of(other), TraceOptions.of(EnumSet.of(TraceKind.INSN))
                .withLimit(3L * one.length() + 5, false), out)) {
            other.run(100);
            assertEquals(3L * one.length(), t.log().used());
        }
        assertEquals(4, lines().size(), out.toString());
        assertTrue(out.toString().startsWith(one));
    }

    @Test
    void elAndPcRangeFilters() {
        Assembler a = new Assembler(RAM);
        for (int i = 0; i < 8; i++) {
            a.nop();
        }
        load(a);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.INSN)).withRange(RAM + 8, RAM + 16))) {
            cpu.run(8);
        }
        assertEquals(List.of("cpu0 EL1 #2 insn 0x40000008: d503201f  nop", "cpu0 EL1 #3 insn 0x4000000c: d503201f  nop"),
                lines());

        out.getBuffer().setLength(0);
        cpu.pc = RAM;
        try (Trace t = trace(TraceOptions.of(EnumSet.of(TraceKind.INSN)).withEls(TraceOptions.parseEls("0,2")))) {
            cpu.run(4);
        }
        assertEquals("", out.toString(), "nothing at EL1");
    }

    @Test
    void noKindInstallsNothingAndSharedHandlersShareOneWrapper() {
        ExceptionHandler h = cpu.exceptionHandler();
        try (Trace t = trace(TraceOptions.of(EnumSet.noneOf(TraceKind.class)))) {
            assertNull(cpu.tracer());
            assertSame(h, cpu.exceptionHandler());
        }
        Cpu other = new Cpu(1, memory, A64.decoder());
        other.setExceptionHandler(h);
        Trace.install(List.of(cpu, other), TraceOptions.of(EnumSet.of(TraceKind.EXC)), out);
        assertSame(cpu.exceptionHandler(), other.exceptionHandler());
        assertFalse(cpu.exceptionHandler() == h);
    }

    @Test
    void optionParsing() {
        assertEquals(EnumSet.of(TraceKind.INSN, TraceKind.MMU), TraceKind.parseList("insn,mmu"));
        assertEquals(EnumSet.allOf(TraceKind.class), TraceKind.parseList("all"));
        assertThrows(IllegalArgumentException.class, () -> TraceKind.parseList("insn,bogus"));
        assertEquals(0b0110, TraceOptions.parseEls("1,2"));
        assertThrows(IllegalArgumentException.class, () -> TraceOptions.parseEls("4"));
        assertEquals(List.of(0x1000L, 0x2000L), Arrays.stream(TraceOptions.parseRange("0x1000-0x2000")).boxed().toList());
        assertEquals(List.of(0x1000L, 0x1100L), Arrays.stream(TraceOptions.parseRange("0x1000+0x100")).boxed().toList());
        assertThrows(IllegalArgumentException.class, () -> TraceOptions.parseRange("0x2000-0x1000"));
        assertEquals(List.of(64L << 20, 0L), Arrays.stream(TraceOptions.parseLimit("64M")).boxed().toList());
        assertEquals(List.of(1000L, 1L), Arrays.stream(TraceOptions.parseLimit("1000lines")).boxed().toList());
        assertEquals(List.of(0L, 0L), Arrays.stream(TraceOptions.parseLimit("0")).boxed().toList());
        assertThrows(IllegalArgumentException.class, () -> TraceOptions.parseLimit("lots"));
    }
}
