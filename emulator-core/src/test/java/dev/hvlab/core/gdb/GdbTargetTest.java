package dev.hvlab.core.gdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.loader.ElfFile;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SingleCpuTarget} with {@link StopConditions} on the bare-metal test program: breakpoints
 * stop before the instruction, watchpoints before the access, and neither changes how many
 * instructions the program takes.
 */
class GdbTargetTest {
    static final Path PROGRAM = Path.of("src/test/resources/guest/gdb/gdb-target");
    private static final long RAM = 0x40000000L;

    private BareMetalGdbServer server;
    private ElfFile elf;

    @BeforeEach
    void load() throws Exception {
        server = new BareMetalGdbServer(PROGRAM, RAM, 1 << 20);
        elf = ElfFile.read(PROGRAM);
    }

    private long symbol(String name) {
        return elf.symbols().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }

    /** The program's own result: sum of 0..9, found by running it without a debugger. */
    private static long plainRunInstructions() throws Exception {
        BareMetalGdbServer s = new BareMetalGdbServer(PROGRAM, RAM, 1 << 20);
        s.runToEnd();
        assertEquals(45, s.exitCode(), "0 + 1 + ... + 9");
        assertNull(s.fault());
        return s.cpu().instructions;
    }

    @Test
    void breakpointStopsBeforeTheInstructionOnEveryCall() throws Exception {
        long reference = plainRunInstructions();
        Cpu cpu = server.cpu();
        SingleCpuTarget t = server.target();
        StopConditions sc = new StopConditions();
        long addNumbers = symbol("add_numbers");
        sc.addBreakpoint(addNumbers, false);
        for (int call = 0; call < 10; call++) {
            StopEvent e = t.resume(-1, true, sc);
            assertEquals(StopEvent.Reason.SW_BREAK, e.reason());
            assertEquals(addNumbers, e.address());
            assertEquals(addNumbers, cpu.pc);
            assertEquals(call, cpu.x[1], "the second argument is the loop index");
            // gdb steps over the breakpoint with it removed; so do we
            sc.removeBreakpoint(addNumbers, false);
            assertEquals(StopEvent.Reason.STEP, t.resume(0, false, sc).reason());
            assertEquals(addNumbers + 4, cpu.pc);
            sc.addBreakpoint(addNumbers, false);
        }
        assertEquals(StopEvent.Reason.ENDED, t.resume(-1, true, sc).reason());
        assertEquals(45, server.exitCode());
        assertEquals(reference, cpu.instructions, "breakpoints and steps do not change the instruction count");
        assertNull(cpu.tracer(), "no tracer is left behind");
    }

    @Test
    void writeWatchpointStopsBeforeTheStore() throws Exception {
        long reference = plainRunInstructions();
        Cpu cpu = server.cpu();
        SingleCpuTarget t = server.target();
        StopConditions sc = new StopConditions();
        long counter = symbol("counter");
        sc.addWatchpoint(counter, 8, StopConditions.WatchKind.WRITE);
        for (long expected = 0; expected < 10; expected++) {
            StopEvent e = t.resume(-1, true, sc);
            assertEquals(StopEvent.Reason.WATCH_WRITE, e.reason());
            assertEquals(counter, e.address());
            long before = cpu.instructions;
            assertEquals(expected, cpu.read64(counter), "the store has not happened yet");
            // the store is at the pc: stepping it (watchpoint removed) writes counter
            sc.removeWatchpoint(counter, 8, StopConditions.WatchKind.WRITE);
            assertEquals(StopEvent.Reason.STEP, t.resume(0, false, sc).reason());
            assertEquals(before + 1, cpu.instructions);
            assertEquals(expected + 1, cpu.read64(counter));
            sc.addWatchpoint(counter, 8, StopConditions.WatchKind.WRITE);
        }
        assertEquals(StopEvent.Reason.ENDED, t.resume(-1, true, sc).reason());
        assertEquals(reference, cpu.instructions, "watchpoints do not change the instruction count");
    }

    @Test
    void readWatchpointSeesTheLoadOfCounter() throws Exception {
        StopConditions sc = new StopConditions();
        long counter = symbol("counter");
        sc.addWatchpoint(counter + 4, 1, StopConditions.WatchKind.READ); // overlaps the 8-byte load
        StopEvent e = server.target().resume(-1, true, sc);
        assertEquals(StopEvent.Reason.WATCH_READ, e.reason());
        assertEquals(counter + 4, e.address(), "reported inside the watched range");
        int insn = server.cpu().peekInstruction(server.cpu().pc);
        assertEquals(0xF9400000, insn & 0xFFC00000, "stopped at an LDR (unsigned offset, 64-bit)");
    }

    @Test
    void interruptStopsAtAnInstructionBoundaryAndResumeCarriesOn() throws Exception {
        SingleCpuTarget t = server.target();
        t.interrupt();
        StopEvent e = t.resume(-1, true, new StopConditions());
        assertEquals(StopEvent.Reason.INTERRUPTED, e.reason());
        assertEquals(0, server.cpu().instructions);
        assertEquals(StopEvent.Reason.ENDED, t.resume(-1, true, new StopConditions()).reason());
        assertEquals(45, server.exitCode());
    }

    @Test
    void noConditionsMeansNoHooks() throws Exception {
        StopConditions sc = new StopConditions();
        Cpu cpu = server.cpu();
        sc.arm(cpu, true);
        assertNull(cpu.tracer(), "the fast loop stays in use without breakpoints");
        sc.disarmAll();
        sc.addBreakpoint(0x1234, true);
        sc.arm(cpu, true);
        assertNotNull(cpu.tracer());
        sc.disarmAll();
        assertNull(cpu.tracer());
        assertTrue(sc.hasBreakpoints());
    }
}
