package dev.hvlab.core.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.machine.Machine;
import dev.hvlab.core.machine.RunResult;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.sysreg.SystemRegisters;
import dev.hvlab.core.time.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stub over a two-CPU {@link Machine}, driven by RSP packets (no gdb): breakpoints, steps,
 * watchpoints, threads, registers, memory, monitor commands, Ctrl-C, detach and kill; and a
 * debugged run ends with exactly the instruction counts and simulated time of an undebugged one.
 */
class MachineDebugTargetTest {
    private static final long RAM = 0x8000_0000L;
    private static final long CODE1 = RAM + 0x1000;
    private static final long COUNTER0 = RAM + 0x10_0000;
    private static final long COUNTER1 = RAM + 0x10_0100;
    private static final int WFI = 0xD503207F;

    /** CPU 0 calls {@code f} 50 times, storing the count in COUNTER0; CPU 1 counts to 3000 in COUNTER1. */
    private static final class Guest {
        final Machine machine;
        final long f;
        final long store1;

        Guest() {
            PhysicalMemory m = new PhysicalMemory();
            m.addRam(RAM, 1 << 22);
            machine = new Machine(m);
            ExceptionModel em = new ExceptionModel();
            for (int i = 0; i < 2; i++) {
                Cpu c = machine.addCpu(new Clock(i == 0 ? 1_200_000_000L : 1_600_000_000L), "test");
                c.el = 3;
                c.setExceptionHandler(em);
            }
            Assembler a = new Assembler(RAM);
            Assembler.Label loop = a.newLabel();
            Assembler.Label fn = a.newLabel();
            a.mov(5, COUNTER0);
            a.mov(1, 0);
            a.bind(loop);
            a.bl(fn);
            a.str(1, 5, 0);
            a.cmp(1, 50);
            a.bCond(Assembler.NE, loop);
            a.word(WFI);
            a.bind(fn);
            a.add(1, 1, 1);
            a.ret();
            f = a.address(fn);
            load(m, a);
            Assembler b = new Assembler(CODE1);
            Assembler.Label loop1 = b.newLabel();
            b.mov(5, COUNTER1);
            b.mov(2, 0);
            b.bind(loop1);
            b.add(2, 2, 1);
            store1 = b.here();
            b.str(2, 5, 0);
            b.cmp(2, 3000);
            b.bCond(Assembler.NE, loop1);
            b.word(WFI);
            load(m, b);
            machine.cpu(0).pc = RAM;
            machine.cpu(1).pc = CODE1;
            machine.start(0);
            machine.start(1);
        }

        private static void load(PhysicalMemory m, Assembler a) {
            byte[] bytes = a.bytes();
            m.write(a.base(), bytes, 0, bytes.length);
        }

        long read64(long pa) {
            byte[] b = DebugMemory.readPhysical(machine.memory(), pa, 8);
            return java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        }
    }

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();

    private GdbStub stub(DebugTarget target) throws Exception {
        RspConnection conn = new RspConnection(new ByteArrayInputStream(new byte[0]), sent, () -> { });
        conn.setNoAck(true);
        GdbStub stub = GdbStub.listen(0);
        stub.attach(target, conn);
        return stub;
    }

    private static long pc(GdbStub stub) throws Exception {
        return Long.reverseBytes(Long.parseUnsignedLong(stub.handle("p20"), 16));
    }

    private String monitor(GdbStub stub, String command) throws Exception {
        sent.reset();
        assertEquals("OK", stub.handle("qRcmd," + RspPackets.hexText(command)));
        String framed = sent.toString(StandardCharsets.ISO_8859_1);
        String body = framed.substring(framed.indexOf("$O") + 2, framed.indexOf('#'));
        return RspPackets.unhexText(body);
    }

    @Test
    void debuggingTwoCpusStopsTheWorldAndLeavesTheRunUnchanged() throws Exception {
        Guest reference = new Guest();
        RunResult expected = reference.machine.run();
        assertEquals(50, reference.read64(COUNTER0));
        assertEquals(3000, reference.read64(COUNTER1));

        Guest g = new Guest();
        MachineDebugTarget target = new MachineDebugTarget(g.machine);
        target.start(true);
        try (GdbStub stub = stub(target)) {
            // --wait-gdb: stopped before the first instruction, on the boot CPU
            assertEquals("T05thread:1;", stub.handle("?"));
            assertEquals(RAM, pc(stub));
            assertEquals(0, g.machine.cpu(0).instructions + g.machine.cpu(1).instructions);
            assertEquals("m1,2", stub.handle("qfThreadInfo"));
            assertEquals("CPU 1 EL3", RspPackets.unhexText(stub.handle("qThreadExtraInfo,2")));

            // a breakpoint at f: CPU 0 stops there with x1 not yet incremented
            assertEquals("OK", stub.handle("Z0," + Long.toHexString(g.f) + ",4"));
            assertEquals("T05thread:1;swbreak:;", stub.handle("vCont;c"));
            assertEquals(g.f, pc(stub));
            assertEquals("0000000000000000", stub.handle("p1"));
            assertEquals("T05thread:1;swbreak:;", stub.handle("vCont;c"));
            assertEquals(g.f, pc(stub));
            assertEquals("0100000000000000", stub.handle("p1"));
            // memory of the selected CPU, through its (identity) translation
            assertEquals("0100000000000000", stub.handle("m" + Long.toHexString(COUNTER0) + ",8"));

            // round-robin: CPU 1's first quantum comes after CPU 0's, which holds all 50 calls
            assertEquals("OK", stub.handle("Hg2"));
            assertEquals(CODE1, pc(stub));
            assertEquals(0, g.machine.cpu(1).instructions);
            assertEquals("OK", stub.handle("Hg1"));

            // a step of CPU 0: exactly one instruction, nothing else of CPU 0
            long before = g.machine.cpu(0).instructions;
            assertEquals("T05thread:1;", stub.handle("vCont;s:1;c"));
            assertEquals(g.f + 4, pc(stub));
            assertEquals(before + 1, g.machine.cpu(0).instructions);
            assertEquals("OK", stub.handle("z0," + Long.toHexString(g.f) + ",4"));

            // a write watchpoint on CPU 1's counter: it stops at the STR, before the store
            assertEquals("OK", stub.handle("Z2," + Long.toHexString(COUNTER1) + ",8"));
            String reply = stub.handle("vCont;c");
            assertEquals("T05thread:2;watch:" + Long.toHexString(COUNTER1) + ";", reply);
            assertEquals(g.store1, pc(stub), "thread 2 is selected, stopped at its STR");
            long x2 = g.machine.cpu(1).x[2];
            assertEquals(x2 - 1, g.read64(COUNTER1), "the store has not happened yet");
            // gdb's step over it: remove, step, the store is done
            assertEquals("OK", stub.handle("z2," + Long.toHexString(COUNTER1) + ",8"));
            assertEquals("T05thread:2;", stub.handle("vCont;s:2;c"));
            assertEquals(x2, g.read64(COUNTER1));
            assertEquals(g.store1 + 4, pc(stub));

            // monitor commands of the selected CPU
            assertEquals("EL3 (SPSel=0, SP_EL0) on CPU 1\n", monitor(stub, "el"));
            long mpidr = SystemRegisters.standard().byName("MPIDR_EL1").read(g.machine.cpu(1));
            assertEquals(String.format("MPIDR_EL1 = 0x%016x%n", mpidr), monitor(stub, "sysreg MPIDR_EL1"));
            assertTrue(monitor(stub, "time").contains("CPU 1: on, EL3, "), monitor(stub, "time"));
            assertEquals(String.format("0x%016x: %02x %02x 00 00 00 00 00 00%n", COUNTER1, x2 & 0xFF, x2 >> 8),
                    monitor(stub, "phys 0x" + Long.toHexString(COUNTER1) + " 8"));
        }
        target.detach();
        RunResult actual = target.awaitResult();
        assertEquals(expected.exitCode(), actual.exitCode(), actual.reason());
        assertEquals(expected.instructions(), actual.instructions());
        assertEquals(expected.simulatedPs(), actual.simulatedPs(), "the debugger did not move simulated time");
        assertEquals(expected.cpus(), actual.cpus(), "per-CPU instructions and cycles");
        assertEquals(50, g.read64(COUNTER0));
        assertEquals(3000, g.read64(COUNTER1));
    }

    @Test
    void ctrlCStopsAFreelyRunningMachineAndKillEndsIt() throws Exception {
        Guest g = new Guest();
        // make CPU 1 spin for ever
        Assembler spin = new Assembler(CODE1);
        Assembler.Label self = spin.newLabel();
        spin.bind(self);
        spin.b(self);
        g.machine.memory().write(CODE1, spin.bytes(), 0, spin.bytes().length);
        MachineDebugTarget target = new MachineDebugTarget(g.machine);
        target.start(false);
        try (GdbStub stub = stub(target)) {
            // attaching stops the running machine
            String stop = stub.handle("?");
            assertTrue(stop.startsWith("T05thread:"), stop);
            long n = g.machine.cpu(1).instructions;
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return stub.handle("vCont;c");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(100);
            assertTrue(!run.isDone(), "it runs until interrupted");
            target.interrupt();
            assertTrue(run.get(30, TimeUnit.SECONDS).startsWith("T02thread:"));
            assertNotEquals(n, g.machine.cpu(1).instructions);
        }
        target.kill();
        RunResult r = target.awaitResult();
        assertEquals(MachineDebugTarget.KILLED_STATUS, r.exitCode());
        assertEquals("killed from gdb", r.reason());
    }
}
