package dev.hvlab.core.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.exception.ExceptionModel;
import dev.hvlab.core.mem.PhysicalMemory;
import dev.hvlab.core.time.Clock;
import org.junit.jupiter.api.Test;

/** The scheduler on its own: WFE parking woken by SEV, WFI deadlock, limits, per-clock time. */
class MachineTest {
    private static final long RAM = 0x8000_0000L;
    private static final int WFE = 0xD503205F;
    private static final int WFI = 0xD503207F;
    private static final int SEV = 0xD503209F;

    private static Machine machine(PhysicalMemory m, int cpus) {
        m.addRam(RAM, 1 << 22);
        Machine machine = new Machine(m);
        ExceptionModel em = new ExceptionModel();
        for (int i = 0; i < cpus; i++) {
            Cpu c = machine.addCpu(new Clock(i == 0 ? 1_200_000_000L : 1_600_000_000L), "test");
            c.el = 3;
            c.setExceptionHandler(em);
        }
        return machine;
    }

    private static void load(PhysicalMemory m, Assembler a) {
        byte[] b = a.bytes();
        m.write(a.base(), b, 0, b.length);
    }

    @Test
    void wfeParksUntilAnotherCpuSignalsWithSev() {
        PhysicalMemory m = new PhysicalMemory();
        Machine machine = machine(m, 2);
        long flag = RAM + 0x20_0000;
        Assembler waiter = new Assembler(RAM);
        Assembler.Label loop = waiter.newLabel();
        waiter.mov(5, flag);
        waiter.bind(loop);
        waiter.word(WFE);
        waiter.ldrw(1, 5, 0);
        waiter.cbz(1, loop);
        waiter.mov(2, 1);
        waiter.word(WFI);
        load(m, waiter);
        // The signaller burns ~100 us of 1.6 GHz cycles first, then sets the flag and sends an event.
        Assembler signaller = new Assembler(RAM + 0x1000);
        Assembler.Label delay = signaller.newLabel();
        signaller.mov(3, 80_000);
        signaller.bind(delay);
        signaller.sub(3, 3, 1);
        signaller.cbnz(3, delay);
        signaller.mov(5, flag);
        signaller.mov(1, 1);
        signaller.strw(1, 5, 0);
        signaller.word(SEV);
        signaller.word(WFI);
        load(m, signaller);
        machine.cpu(0).pc = RAM;
        machine.cpu(1).pc = RAM + 0x1000;
        machine.start(0);
        machine.start(1);
        RunResult r = machine.run();
        assertEquals(RunResult.DEADLOCK, r.exitCode(), r.reason());
        assertEquals(1, machine.cpu(0).x[2], "the waiter saw the flag");
        // Parked, the waiter retired only a handful of instructions while the other spun 160k.
        assertTrue(machine.cpu(0).instructions < 20, "waiter instructions " + machine.cpu(0).instructions);
        assertTrue(machine.cpu(1).instructions > 160_000);
        // The run ends at the round boundary after the waiter (woken at the boundary after the SEV) parks
        // again: at most two quanta after the signaller's last cycle (1 per instruction at 1.6 GHz).
        long signallerPs = new Clock(1_600_000_000L).toTime(r.cpus().get(1).cycles());
        assertTrue(r.simulatedPs() >= signallerPs && r.simulatedPs() <= signallerPs + 2 * Machine.DEFAULT_QUANTUM_PS,
                r.simulatedPs() + " vs " + signallerPs);
    }

    @Test
    void limitsStopTheRun() {
        PhysicalMemory m = new PhysicalMemory();
        Machine machine = machine(m, 1);
        Assembler spin = new Assembler(RAM);
        Assembler.Label self = spin.newLabel();
        spin.bind(self);
        spin.b(self);
        load(m, spin);
        machine.cpu(0).pc = RAM;
        machine.start(0);
        machine.setMaxTimePs(10_000_000L); // 10 us at 1.2 GHz = 12000 instructions
        RunResult r = machine.run();
        assertEquals(RunResult.LIMIT_REACHED, r.exitCode());
        assertEquals(12_000, r.instructions());
        assertEquals(10_000_000L, r.simulatedPs());
    }
}
