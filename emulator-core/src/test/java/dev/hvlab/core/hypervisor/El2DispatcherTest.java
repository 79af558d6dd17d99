package dev.hvlab.core.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.config.BoardConfig;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.mmu.SystemTranslator;
import dev.hvlab.core.sysreg.SystemRegisterFile;
import dev.hvlab.core.sysreg.SystemRegisters;
import dev.hvlab.core.time.Clock;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher with a minimal model: which handler each exception class reaches, what ELR_EL2
 * holds when it does (ARM ARM D1.10.1, preferred return addresses: the instruction after an HVC,
 * the trapped instruction itself for a trapped SMC, MSR/MRS, WFI or a data abort), that a handler
 * which skips the instruction resumes after it, that UNHANDLED stops only that partition with a
 * report, and that every charged step lands both in the ledger and on the CPU's clock.
 */
class El2DispatcherTest {
    static final long RAM = 0x8000_0000L;
    static final long CODE = RAM + 0x1000;
    static final long TABLES = RAM + 0x10_0000;
    /** An IPA the stage 2 tables leave unmapped: a device the model emulates. */
    static final long DEVICE_IPA = 0x5000_0000L;
    static final long HCR = 1L /* VM */ | SystemRegisterFile.HCR_TWI | SystemRegisterFile.HCR_TSC
            | SystemRegisterFile.HCR_TACR | 1L << 31 /* RW */;
    static final int WFI = 0xD503207F;

    record Seen(int ec, long elrOffset, String path) {
    }

    /** Records each trap; emulates SMC, ACTLR_EL1 reads, WFI and device loads; refuses HVC #0x99. */
    static final class RecordingModel implements HypervisorModel {
        final List<Seen> seen = new ArrayList<>();
        Partition partition;
        PartitionReport stoppedWith;

        @Override
        public String name() {
            return "test";
        }

        @Override
        public void install(El2Platform platform, El2Dispatcher dispatcher) {
            Cpu cpu = platform.machine().cpu(0);
            Stage2Tables s2 = new Stage2Tables(platform.machine().memory(), 40, TABLES, 0x10_0000);
            s2.map(RAM, RAM, 0x40_0000, Stage2Tables.S2AP_RW | Stage2Tables.NORMAL | Stage2Tables.SH_INNER);
            cpu.el = 2;
            El2Operations.register("HCR_EL2").write(cpu, HCR);
            El2Operations.register("VTCR_EL2").write(cpu, s2.vtcr(40));
            El2Operations.register("VTTBR_EL2").write(cpu, s2.vttbr(1));
            partition = dispatcher.definePartition("guest", new int[] {0});
            El2Dispatcher.enterEl1(cpu, CODE, 0);
            platform.machine().start(0);
        }

        private void saw(Trap t, El2Operations ops) {
            seen.add(new Seen(t.ec(), t.elr() - CODE, ops.currentPath()));
        }

        @Override
        public TrapResult hvc(Trap t, El2Operations ops) {
            saw(t, ops);
            return t.imm16() == 0x99 ? TrapResult.UNHANDLED : TrapResult.HANDLED;
        }

        @Override
        public TrapResult smc(Trap t, El2Operations ops) {
            saw(t, ops);
            ops.skipInstruction();
            return TrapResult.HANDLED;
        }

        @Override
        public TrapResult sysreg(Trap t, El2Operations ops) {
            saw(t, ops);
            if (!"ACTLR_EL1".equals(t.sysregName()) || !t.sysregRead()) {
                return TrapResult.UNHANDLED;
            }
            ops.setGpr(t.sysregRt(), 0xAC71);
            ops.skipInstruction();
            return TrapResult.HANDLED;
        }

        @Override
        public TrapResult dataAbort(Trap t, El2Operations ops) {
            saw(t, ops);
            if (!t.isv() || t.write() || t.ipa() != DEVICE_IPA + 8 || t.accessSize() != 4) {
                return TrapResult.FORBIDDEN;
            }
            ops.path("mmio-read");
            ops.setGpr(t.srt(), 0xD00D);
            ops.skipInstruction();
            return TrapResult.HANDLED;
        }

        @Override
        public TrapResult wfx(Trap t, El2Operations ops) {
            saw(t, ops);
            ops.skipInstruction();
            return TrapResult.HANDLED;
        }

        @Override
        public void partitionStopped(Partition p, PartitionReport report) {
            stoppedWith = report;
        }
    }

    static El2Platform platform(Machine machine, ExceptionModel em) {
        BoardConfig board = new BoardConfig("test", "test", 8_000_000L, List.of(new BoardConfig.Ram(RAM, 0x40_0000)),
                List.of(new BoardConfig.Cluster("cortex-a72", 1, 1_000_000_000L, 0)), List.of());
        return new El2Platform(machine, board, null, null, em, OutputStream.nullOutputStream(), null);
    }

    static Machine machine(PhysicalMemory m, ExceptionModel em) {
        m.addRam(RAM, 0x40_0000);
        Machine machine = new Machine(m);
        Cpu cpu = machine.addCpu(new Clock(1_000_000_000L), "cortex-a72");
        cpu.setExceptionHandler(em);
        cpu.setTranslator(new SystemTranslator(m));
        cpu.sysregs.scrEl3 = SystemRegisterFile.SCR_EL3_RES1 | SystemRegisterFile.SCR_NS | SystemRegisterFile.SCR_RW
                | SystemRegisterFile.SCR_HCE;
        return machine;
    }

    @Test
    void eachExceptionClassReachesItsHandlerWithTheArchitecturalReturnAddress() {
        PhysicalMemory m = new PhysicalMemory();
        ExceptionModel em = new ExceptionModel();
        Machine machine = machine(m, em);
        Assembler a = new Assembler(CODE);
        a.hvc(0x42);                                                  // +0x00
        a.smc(0);                                                     // +0x04
        a.mrs(5, SystemRegisters.standard().byName("ACTLR_EL1").key()); // +0x08
        a.mov(7, DEVICE_IPA + 8);                                     // +0x0c, +0x10 (movz/movk)
        a.ldrw(6, 7, 0);                                              // +0x14
        a.word(WFI);                                                  // +0x18
        a.hvc(0x99);                                                  // +0x1c
        a.mov(9, 1);                                                  // never reached
        byte[] code = a.bytes();
        m.write(CODE, code, 0, code.length);
        RecordingModel model = new RecordingModel();
        El2Dispatcher d = El2Dispatcher.install(model, platform(machine, em));

        RunResult r = machine.run();

        Cpu cpu = machine.cpu(0);
        assertEquals(List.of(
                new Seen(ExceptionClass.HVC64, 0x04, "hvc"),             // after the HVC
                new Seen(ExceptionClass.SMC64, 0x04, "smc"),             // at the SMC
                new Seen(ExceptionClass.SYSREG, 0x08, "sysreg"),         // at the MRS
                new Seen(ExceptionClass.DATA_ABORT_LOWER, 0x14, "data-abort"), // at the load
                new Seen(ExceptionClass.WFX, 0x18, "wfx"),               // at the WFI
                new Seen(ExceptionClass.HVC64, 0x20, "hvc")), model.seen);
        assertEquals(0xAC71, cpu.x[5]);
        assertEquals(0xD00D, cpu.x[6]);
        assertEquals(0, cpu.x[9], "the stopped partition ran no further");
        assertFalse(machine.isOn(0));
        assertEquals(RunResult.DEADLOCK, r.exitCode(), r.reason());
        assertEquals(1, d.reports().size());
        PartitionReport rep = d.reports().get(0);
        assertEquals("guest", rep.partition());
        assertEquals(TrapResult.UNHANDLED, rep.result());
        assertTrue(rep.trap().contains("EC=0x16 HVC") && rep.trap().contains("imm16=0x0099"), rep.trap());
        assertTrue(rep.registers().contains("ELR_EL2=" + String.format("%016x", CODE + 0x20)), rep.registers());
        assertTrue(model.partition.stopped());
        assertEquals(rep, model.stoppedWith);
    }

    @Test
    void everyChargedStepIsOnTheLedgerAndOnTheCpusClock() {
        PhysicalMemory m = new PhysicalMemory();
        ExceptionModel em = new ExceptionModel();
        Machine machine = machine(m, em);
        Assembler a = new Assembler(CODE);
        a.hvc(1);
        a.hvc(2);
        a.hvc(0x99);
        byte[] code = a.bytes();
        m.write(CODE, code, 0, code.length);
        El2Dispatcher d = El2Dispatcher.install(new RecordingModel(), platform(machine, em));

        machine.run();

        CostLedger ledger = d.ledger();
        assertEquals(List.of(new CostLedger.Row("test", "hvc", "exception entry to EL2", 3, 3),
                new CostLedger.Row("test", "hvc", "ERET", 2, 2)), ledger.rows());
        assertEquals(List.of(new CostLedger.PathTotal("test", "hvc", 3, 5)), ledger.paths());
        // FUNCTIONAL: one cycle per instruction retired, plus one per charged primitive.
        assertEquals(machine.cpu(0).instructions + 5, machine.cycles(0));
    }

    @Test
    void stage2TablesMapSplitAndUnmap() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(RAM, 0x40_0000);
        Stage2Tables s2 = new Stage2Tables(m, 40, TABLES, 0x10_0000);
        assertEquals(1, s2.map(0x4000_0000L, 0x4000_0000L, 0x4000_0000L, Stage2Tables.S2AP_RW), "one 1 GiB block");
        assertEquals(0x4123_4567L, s2.lookup(0x4123_4567L));
        // Unmapping one page splits the 1 GiB block into 2 MiB blocks, then one of those into pages.
        int writes = s2.unmap(0x4120_0000L, 0x1000);
        assertEquals(1 + 512 + 1 + 512 + 1, writes);
        assertEquals(-1, s2.lookup(0x4120_0010L));
        assertEquals(0x4120_1010L, s2.lookup(0x4120_1010L));
        assertEquals(0x7FFF_FFF8L, s2.lookup(0x7FFF_FFF8L));
        assertEquals(-1, s2.lookup(0x8000_0000L));
        assertEquals(24, s2.vtcr(40) & 0x3F);
    }
}
