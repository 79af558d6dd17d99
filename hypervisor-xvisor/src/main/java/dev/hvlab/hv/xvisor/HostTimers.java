package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;
import java.util.ArrayList;
import java.util.List;

/**
 * Xvisor's timer events ({@code vmm_timer_event_start/stop}, core/vmm_timer.c) on each CPU's
 * clockchip, the EL2 physical timer (CNTHP, PPI 26): a sorted per-CPU list whose earliest deadline
 * is programmed into CNTHP_CVAL_EL2. Events: the scheduler's time slice, a vCPU's WFI timeout, a
 * descheduled vCPU's virtual or physical timer expiry.
 */
final class HostTimers {
    enum Kind { TIME_SLICE, WFI_TIMEOUT, VIRT_TIMER, PHYS_TIMER }

    record Event(Kind kind, Vcpu vcpu, long deadline) {
    }

    private final List<List<Event>> lists = new ArrayList<>();
    private final long[] programmed;

    HostTimers(int cpus) {
        programmed = new long[cpus];
        for (int i = 0; i < cpus; i++) {
            lists.add(new ArrayList<>());
            programmed[i] = -1;
        }
    }

    List<Event> pending(int cpu) {
        return List.copyOf(lists.get(cpu));
    }

    /** Starts (or restarts) the event of {@code kind} for {@code vcpu} on this CPU at counter value {@code deadline}. */
    void start(El2Operations ops, Kind kind, Vcpu vcpu, long deadline) {
        int cpu = ops.cpu().index();
        List<Event> l = lists.get(cpu);
        ops.compute("vmm_timer_event_start: lock, list insert", 12);
        l.removeIf(e -> e.kind() == kind && e.vcpu() == vcpu);
        int i = 0;
        while (i < l.size() && Long.compareUnsigned(l.get(i).deadline(), deadline) <= 0) {
            i++;
        }
        l.add(i, new Event(kind, vcpu, deadline));
        reprogram(ops, cpu);
    }

    /** Stops the event of {@code kind} for {@code vcpu}, on whatever CPU it was started. */
    void stop(El2Operations ops, Kind kind, Vcpu vcpu) {
        ops.compute("vmm_timer_event_stop", 8);
        for (int cpu = 0; cpu < lists.size(); cpu++) {
            if (lists.get(cpu).removeIf(e -> e.kind() == kind && e.vcpu() == vcpu) && cpu == ops.cpu().index()) {
                reprogram(ops, cpu);
            }
        }
    }

    /** The events due on this CPU now (removed), after the CNTHP interrupt; the clockchip is reprogrammed. */
    List<Event> expire(El2Operations ops) {
        int cpu = ops.cpu().index();
        long now = ops.readSysreg("CNTPCT_EL0");
        List<Event> l = lists.get(cpu);
        List<Event> due = new ArrayList<>();
        while (!l.isEmpty() && Long.compareUnsigned(l.get(0).deadline(), now) <= 0) {
            due.add(l.remove(0));
            ops.compute("vmm_timer: pop expired event", 6);
        }
        programmed[cpu] = -1;
        reprogram(ops, cpu);
        return due;
    }

    private void reprogram(El2Operations ops, int cpu) {
        List<Event> l = lists.get(cpu);
        if (l.isEmpty()) {
            if (programmed[cpu] != 0) {
                ops.writeSysreg("CNTHP_CTL_EL2", 2); // IMASK: nothing due
                programmed[cpu] = 0;
            }
            return;
        }
        long d = l.get(0).deadline();
        if (programmed[cpu] != d) {
            ops.writeSysreg("CNTHP_CVAL_EL2", d);
            ops.writeSysreg("CNTHP_CTL_EL2", 1);
            programmed[cpu] = d;
        }
    }
}
