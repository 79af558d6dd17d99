package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.hypervisor.CostLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PRR and PRM ready queues, and vCPUs of two guests sharing one CPU by time slices and priorities. */
class SchedulerTest {
    @TempDir
    Path dir;

    private static Vcpu v(String name, int priority, long period) {
        return new Vcpu(0, name, null, 0, new int[] {0}, priority, 10, period, 0);
    }

    @Test
    void prrRunsTheHighestPriorityFirstAndEqualPrioritiesInTurn() {
        Prr q = new Prr();
        Vcpu a = v("a", 3, 1);
        Vcpu b = v("b", 3, 1);
        Vcpu c = v("c", 5, 1);
        q.enqueue(a);
        q.enqueue(b);
        assertFalse(q.preemptNeeded(a));
        q.enqueue(c);
        assertTrue(q.preemptNeeded(a), "a priority 5 vCPU is waiting");
        assertSame(c, q.dequeue());
        assertSame(a, q.dequeue());
        q.enqueue(a); // a's slice ended: tail of priority 3
        assertSame(b, q.dequeue());
        assertSame(a, q.dequeue());
        assertNull(q.dequeue());
    }

    @Test
    void prmRunsTheShortestPeriodFirstWithinAPriority() {
        Prm q = new Prm();
        Vcpu slow = v("slow", 3, 1000);
        Vcpu fast1 = v("fast1", 3, 10);
        Vcpu fast2 = v("fast2", 3, 10);
        Vcpu low = v("low", 2, 1);
        q.enqueue(low);
        q.enqueue(slow);
        q.enqueue(fast1);
        q.enqueue(fast2);
        assertTrue(q.preemptNeeded(low));
        assertSame(fast1, q.dequeue());
        assertSame(fast2, q.dequeue(), "equal periods in the order queued");
        assertSame(slow, q.dequeue());
        assertSame(low, q.dequeue());
        assertNull(q.dequeue());
    }

    /** A guest counting in a loop at {@code counter} forever. */
    private Path counter(String name, long base) throws Exception {
        Assembler a = new Assembler(base);
        Assembler.Label loop = a.newLabel();
        a.mov(0, base + 0x8000);
        a.bind(loop);
        a.ldr(1, 0, 0);
        a.add(1, 1, 1);
        a.str(1, 0, 0);
        a.b(loop);
        return Guests.write(dir, name, a);
    }

    private Rig twoGuestsOnCpu0(String scheduler, int priorityA, int priorityB) throws Exception {
        long ramA = Guests.RAM;
        long ramB = Guests.RAM + 0x200_0000L;
        Path a = counter("a", ramA);
        Path b = counter("b", ramB);
        XvisorConfig c = Guests.config(scheduler, List.of(
                Guests.guest("a", a, ramA, List.of(Guests.vcpu(0, priorityA, 1_000, 100_000))),
                Guests.guest("b", b, ramB, List.of(Guests.vcpu(0, priorityB, 1_000, 100_000)))));
        Rig r = Rig.xvisor(Files.readAllBytes(a), c);
        r.board.machine().setMaxTimePs(20_000_000_000L); // 20 ms
        return r.run(100_000_000L);
    }

    private static long counter(Rig r, long base) {
        byte[] b = new byte[8];
        r.board.machine().memory().read(base + 0x8000, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    @Test
    void equalPrioritiesShareTheCpuByTimeSlices() throws Exception {
        for (String algo : List.of(XvisorConfig.PRR, XvisorConfig.PRM)) {
            Rig r = twoGuestsOnCpu0(algo, 3, 3);
            long a = counter(r, Guests.RAM);
            long b = counter(r, Guests.RAM + 0x200_0000L);
            assertTrue(a > 0 && b > 0, algo + ": both ran: " + a + " " + b);
            // 20 ms of 1 ms slices: about 20 switches between the two, each at a time-slice expiry
            long switches = r.dispatcher.ledger().paths().stream()
                    .filter(p -> p.path().equals("host-timer+vcpu-switch")).mapToLong(CostLedger.PathTotal::taken).sum();
            assertTrue(switches >= 18 && switches <= 21, algo + ": " + switches + " time-slice switches");
            assertTrue(Math.abs(a - b) < Math.max(a, b) / 5, algo + ": fair shares " + a + " " + b);
        }
    }

    @Test
    void aHigherPriorityVcpuStarvesALowerOne() throws Exception {
        for (String algo : List.of(XvisorConfig.PRR, XvisorConfig.PRM)) {
            Rig r = twoGuestsOnCpu0(algo, 3, 4);
            assertEquals(0, counter(r, Guests.RAM), algo + ": priority 3 never runs beside a busy priority 4");
            assertTrue(counter(r, Guests.RAM + 0x200_0000L) > 0);
        }
    }
}
