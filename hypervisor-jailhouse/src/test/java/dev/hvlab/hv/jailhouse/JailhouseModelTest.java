package dev.hvlab.hv.jailhouse;

import static dev.hvlab.core.gic.GicRegisters.GICD_IPRIORITYR;
import static dev.hvlab.core.gic.GicRegisters.GICR_FRAME;
import static dev.hvlab.core.gic.GicRegisters.GICR_SGI_BASE;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.PartitionReport;
import dev.hvlab.core.hypervisor.TrapResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JailhouseModelTest {
    static final long ROOT_CODE = 0x8010_0000L;
    static final long ROOT_DATA = 0x8020_0000L;

    @TempDir
    Path dir;

    /** Sums 1..1000 and prints it through the UART, then waits forever. */
    static byte[] sumWorkload() {
        Assembler a = new Assembler(ROOT_CODE);
        Assembler.Label puts = a.newLabel();
        Assembler.Label putdec = a.newLabel();
        Assembler.Label buf = a.newLabel();
        Assembler.Label msg = a.newLabel();
        Assembler.Label nl = a.newLabel();
        Assembler.Label loop = a.newLabel();
        Assembler.Label main = a.newLabel();
        a.b(main);
        Guests.putsRoutine(a, puts, false);
        Guests.putdecRoutine(a, putdec, buf, false);
        a.bind(main);
        a.adr(2, msg);
        a.bl(puts);
        a.mov(19, 0);
        a.mov(20, 1000);
        a.bind(loop);
        a.addReg(19, 19, 20);
        a.sub(20, 20, 1);
        a.cbnz(20, loop);
        a.movReg(0, 19);
        a.bl(putdec);
        a.adr(2, nl);
        a.bl(puts);
        Guests.halt(a);
        Guests.string(a, msg, "sum of 1..1000 = ");
        Guests.string(a, nl, "\n");
        for (int i = 0; i < 6; i++) {
            a.word(0);
        }
        a.bind(buf);
        a.word(0);
        return Guests.elf(a);
    }

    @Test
    void theSameBareMetalWorkloadRunsNativelyAndAsTheRootCell() {
        byte[] image = sumWorkload();
        Rig bare = Rig.nativeRun(image).run(1_000_000);
        Rig root = Rig.jailhouse(image, null, null).run(1_000_000);
        assertEquals("sum of 1..1000 = 500500\n", bare.output());
        assertEquals(bare.output(), root.output());
        assertEquals(bare.board.machine().cpu(0).instructions, root.board.machine().cpu(0).instructions);
        assertEquals(1, root.board.machine().cpu(0).el, "the root cell runs at EL1");
        assertTrue(root.dispatcher.reports().isEmpty());
        // Only the enable path: the UART is passed through, nothing of this workload traps.
        assertEquals(Set.of("enable"), root.dispatcher.ledger().paths().stream().map(CostLedger.PathTotal::path)
                .collect(Collectors.toSet()));
    }

    @Test
    void gicdAccessesAreRestrictedToTheCellsInterrupts() throws IOException {
        Assembler a = new Assembler(ROOT_CODE);
        a.mov(9, Guests.GICD);
        a.mov(1, 0xFFFF_FFFFL);
        a.strw(1, 9, 0x10C);               // GICD_ISENABLER3: SPIs 96-127
        a.ldrw(19, 9, 0x10C);
        a.mov(1, 0x8080_8080L);
        a.strw(1, 9, 0x464);               // GICD_IPRIORITYR: SPIs 100-103
        a.ldrw(20, 9, 0x464);
        Guests.halt(a);
        Path other = haltImage("other.elf");
        JailhouseConfig cfg = Configs.system(Configs.root(List.of(0, 1, 2)),
                List.of(Configs.inmate("other", List.of(3), List.of(100), other.toString())));
        Rig r = Rig.jailhouse(Guests.elf(a), cfg, dir).run(200_000);

        var cpu = r.board.machine().cpu(0);
        assertEquals(0xFFFF_FFEFL, cpu.x[19], "SPI 100 belongs to the other cell: its enable bit is neither set nor shown");
        assertEquals(0x8080_8000L, cpu.x[20], "the other cell's priority byte reads as zero");
        var gicd = r.board.gic().distributor();
        assertEquals(0xFFFF_FFEFL, gicd.read(0, 0x10C, 4), "the physical distributor");
        // Read from CPU 0 (Non-secure): the Non-secure view shows a Group 1 priority shifted left by
        // one, so the firmware's 0xA0 reads 0x40 and the root's 0x80 writes read back as 0x80.
        assertEquals(0x8080_8040L, gicd.read(0, 0x464, 4), "read-modify-write kept SPI 100's priority");
        List<CostLedger.Row> steps = r.dispatcher.ledger().steps("jailhouse", "gicd-access");
        assertTrue(steps.stream().anyMatch(s -> s.step().equals("MMIO write gicd") && s.count() == 2), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.step().equals("spin_lock dist_lock")), steps.toString());
        assertTrue(r.dispatcher.reports().isEmpty(), r.dispatcher.reports().toString());
    }

    @Test
    void listRegisterOverflowIsDrainedByTheMaintenanceInterrupt() {
        Assembler a = new Assembler(ROOT_CODE);
        Assembler.Label loop = a.newLabel();
        Assembler.Label done = a.newLabel();
        a.mov(1, 1);
        a.msr(Guests.reg("ICC_SRE_EL1"), 1);   // the system register interface, as Linux enables it
        a.isb();
        a.mov(1, 0xFF);
        a.msr(Guests.reg("ICC_PMR_EL1"), 1);
        a.mov(1, 1);
        a.msr(Guests.reg("ICC_IGRPEN1_EL1"), 1);
        a.isb();
        a.mov(9, Guests.GICD);
        a.mov(1, 0x3F00);                  // SPIs 40-45
        a.strw(1, 9, 0x104);               // GICD_ISENABLER1
        a.strw(1, 9, 0x204);               // GICD_ISPENDR1: six physical IRQs at once
        a.mov(20, ROOT_DATA);
        a.mov(21, 0);
        a.bind(loop);
        a.mrs(0, Guests.reg("ICC_IAR1_EL1"));
        a.cmp(0, 1023);
        a.bCond(Assembler.EQ, done);
        a.strw(0, 20, 0);
        a.add(20, 20, 4);
        a.add(21, 21, 1);
        a.msr(Guests.reg("ICC_EOIR1_EL1"), 0);
        a.b(loop);
        a.bind(done);
        Guests.halt(a);
        Rig r = Rig.jailhouse(Guests.elf(a), null, null).run(200_000);

        assertEquals(6, r.board.machine().cpu(0).x[21]);
        long first = r.read64(ROOT_DATA);
        long second = r.read64(ROOT_DATA + 8);
        long third = r.read64(ROOT_DATA + 16);
        // Each exactly once; equal priorities leave the order among pending list registers to the GIC.
        assertEquals(List.of(40L, 41L, 42L, 43L, 44L, 45L), java.util.stream.Stream.of(first & 0xFFFF_FFFFL,
                first >>> 32, second & 0xFFFF_FFFFL, second >>> 32, third & 0xFFFF_FFFFL, third >>> 32).sorted().toList());
        CostLedger ledger = r.dispatcher.ledger();
        assertTrue(taken(ledger, "maintenance") >= 1, ledger.format());
        assertTrue(ledger.steps("jailhouse", "irq-injection").stream()
                .anyMatch(s -> s.step().equals("store pending irq") && s.count() == 2), ledger.format());
        assertEquals(0, r.board.machine().cpu(0).sysregs.gic == null ? 0
                : Long.bitCount(readIchHcr(r) & IrqChip.ICH_HCR_UIE), "UIE off again once the queue is empty");
    }

    /**
     * An IPI sent while the same SGI is active (Linux handles an IPI before it EOIs it) must not be
     * lost: the guest acknowledges SGI 1, sends SGI 1 to itself again, EOIs, and acknowledges
     * again. On a physical GIC the second SGI is pending behind the active one and taken after the
     * EOI; the list register must do the same (active and pending), not coalesce it away.
     */
    @Test
    void anSgiSentWhileTheSameSgiIsActiveIsTakenAfterTheEoi() {
        long sgi1ToCpu0 = 1L << 24 | 1;        // ICC_SGI1R_EL1: INTID 1, Aff1/2 = 0, target list CPU 0
        Assembler a = new Assembler(ROOT_CODE);
        a.mov(1, 1);
        a.msr(Guests.reg("ICC_SRE_EL1"), 1);
        a.isb();
        a.mov(1, 0xF0);
        a.msr(Guests.reg("ICC_PMR_EL1"), 1);
        a.mov(1, 1);
        a.msr(Guests.reg("ICC_IGRPEN1_EL1"), 1);
        a.isb();
        a.mov(2, sgi1ToCpu0);
        a.msr(Guests.reg("ICC_SGI1R_EL1"), 2);
        a.isb();
        a.mrs(19, Guests.reg("ICC_IAR1_EL1")); // 1: now active
        a.msr(Guests.reg("ICC_SGI1R_EL1"), 2); // the same IPI again, while the first is active
        a.isb();
        a.mrs(20, Guests.reg("ICC_IAR1_EL1")); // 1023: an active SGI is not taken again before its EOI
        a.msr(Guests.reg("ICC_EOIR1_EL1"), 19);
        a.isb();
        a.mrs(21, Guests.reg("ICC_IAR1_EL1")); // 1: the second IPI
        a.msr(Guests.reg("ICC_EOIR1_EL1"), 21);
        a.isb();
        a.mrs(22, Guests.reg("ICC_IAR1_EL1")); // 1023: nothing left
        Guests.halt(a);
        Rig r = Rig.jailhouse(Guests.elf(a), null, null).run(100_000);

        long[] x = r.board.machine().cpu(0).x;
        assertEquals(List.of(1L, 1023L, 1L, 1023L), List.of(x[19], x[20], x[21], x[22]));
        assertEquals(2, taken(r.dispatcher.ledger(), "sgi"), r.dispatcher.ledger().format());
        assertTrue(r.dispatcher.reports().isEmpty(), r.dispatcher.reports().toString());
    }

    @Test
    void aCellWritingOutsideItsMemoryIsStoppedWhileTheRootCellFinishes() throws IOException {
        // The rogue inmate writes into the root cell's RAM.
        Assembler rogue = new Assembler(Configs.INMATE_RAM);
        rogue.mov(1, ROOT_DATA);
        rogue.mov(2, 0xBAD);
        rogue.str(2, 1, 0);
        Guests.halt(rogue);
        Path rogueElf = dir.resolve("rogue.elf");
        Files.write(rogueElf, Guests.elf(rogue));
        // The root cell burns some time, then prints.
        Assembler a = new Assembler(ROOT_CODE);
        Assembler.Label puts = a.newLabel();
        Assembler.Label msg = a.newLabel();
        Assembler.Label delay = a.newLabel();
        Assembler.Label main = a.newLabel();
        a.b(main);
        Guests.putsRoutine(a, puts, true);
        a.bind(main);
        a.mov(19, 20_000);
        a.bind(delay);
        a.sub(19, 19, 1);
        a.cbnz(19, delay);
        a.adr(2, msg);
        a.bl(puts);
        Guests.halt(a);
        Guests.string(a, msg, "root still running\n");
        JailhouseConfig cfg = Configs.system(Configs.root(List.of(0, 1)),
                List.of(Configs.inmate("rogue", List.of(2), List.of(), rogueElf.toString())));
        Rig r = Rig.jailhouse(Guests.elf(a), cfg, dir).run(500_000);

        assertEquals("[root] root still running\n", r.output());
        assertEquals(0, r.read64(ROOT_DATA), "the write never reached the root cell's memory");
        List<PartitionReport> reports = r.dispatcher.reports();
        assertEquals(1, reports.size());
        PartitionReport rep = reports.get(0);
        assertEquals("rogue", rep.partition());
        assertEquals(2, rep.cpu());
        assertEquals(TrapResult.FORBIDDEN, rep.result());
        assertTrue(rep.trap().contains("write at VA 0x80200000 IPA 0x80200000"), rep.trap());
        assertTrue(rep.registers().contains("x2 =0000000000000bad"), rep.registers());
        assertFalse(r.board.machine().isOn(2));
        assertEquals(JailhouseCell.FAILED, stateOf(r, "rogue"));
    }

    @Test
    void rootCellAndTimerLatencyInmateRunAtOnceWithSeparateOutput() throws IOException {
        long sgiFrame = Guests.GICR + 2 * GICR_FRAME + GICR_SGI_BASE;
        Path inmate = dir.resolve("timer-demo.elf");
        Files.write(inmate, Demos.timerLatency(Configs.INMATE_RAM, sgiFrame, 800, 10)); // 100 us at 8 MHz
        JailhouseConfig cfg = Configs.system(Configs.root(List.of(0, 1)),
                List.of(Configs.inmate("timer-demo", List.of(2), List.of(), inmate.toString())));
        Rig r = Rig.jailhouse(Demos.rootSgiPing(ROOT_CODE), cfg, dir).run(5_000_000);

        String out = r.output();
        assertTrue(out.contains("[root] root: starting CPU 1\n"), out);
        assertTrue(out.contains("[root] root: SGI 5 from CPU 1\n"), out);
        assertTrue(out.contains("[timer-demo] timer-demo: measuring\n"), out);
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\[timer-demo\\] latency min (\\d+) avg (\\d+) max (\\d+) ns\n").matcher(out);
        assertTrue(m.find(), out);
        long min = Long.parseLong(m.group(1));
        long avg = Long.parseLong(m.group(2));
        long max = Long.parseLong(m.group(3));
        assertTrue(min <= avg && avg <= max && max < 100_000, out);
        for (String line : out.split("\n")) {
            assertTrue(line.startsWith("[root] ") || line.startsWith("[timer-demo] "), line);
        }
        assertTrue(r.dispatcher.reports().isEmpty(), r.dispatcher.reports().toString());
        assertFalse(r.board.machine().isOn(2), "the inmate turned its CPU off with PSCI CPU_OFF");
        CostLedger ledger = r.dispatcher.ledger();
        for (String path : List.of("hypercall", "sgi", "sgi-receive", "irq-injection", "gicr-access", "psci")) {
            assertTrue(taken(ledger, path) > 0, path + " in\n" + ledger.format());
        }
        assertEquals(10, taken(ledger, "irq-injection"), "one exit per timer interrupt");
        assertTrue(ledger.steps("jailhouse", "irq-injection").stream()
                .anyMatch(s -> s.step().equals("MSR ICH_LR<n>_EL2")), ledger.format());
        assertTrue(ledger.steps("jailhouse", "sgi").stream()
                .anyMatch(s -> s.step().equals("MSR ICC_SGI1R_EL1")), "SGI_INJECT to the target CPU");
    }

    private static int stateOf(Rig r, String cell) {
        return ((JailhouseModel) r.dispatcher.model()).cell(cell).state;
    }

    private static long readIchHcr(Rig r) {
        var cpu = r.board.machine().cpu(0);
        return dev.hvlab.core.sysreg.SystemRegisters.standard().byName("ICH_HCR_EL2").read(cpu);
    }

    static long taken(CostLedger ledger, String path) {
        return ledger.paths().stream().filter(p -> p.path().equals(path)).mapToLong(CostLedger.PathTotal::taken).sum();
    }

    private Path haltImage(String name) throws IOException {
        Assembler a = new Assembler(Configs.INMATE_RAM);
        Guests.halt(a);
        Path p = dir.resolve(name);
        Files.write(p, Guests.elf(a));
        return p;
    }
}
