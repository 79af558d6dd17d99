package dev.hvlab.hv.xen;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;
import java.util.ArrayList;
import java.util.List;

/**
 * Xen's per-pCPU soft timers (xen/common/timer.c) on the EL2 physical timer (CNTHP, PPI 26;
 * xen/arch/arm/time.c): a heap of deadlines per pCPU; the earliest, but never less than
 * {@code timer_slop} from now, is programmed into CNTHP_CVAL_EL2 (reprogram_timer); the CNTHP
 * interrupt raises TIMER_SOFTIRQ, whose handler runs every expired timer and reprograms.
 */
final class SoftTimers {
    /** What a timer does when it expires, on the pCPU it lives on. */
    interface Action {
        void expired(El2Operations ops, long nowNs);
    }

    /** One {@code struct timer}. */
    static final class Timer {
        final String name;
        final Action action;
        int pcpu = -1;
        long expires;
        boolean active;

        Timer(String name, Action action) {
            this.name = name;
            this.action = action;
        }
    }

    private final XenModel xen;
    private final List<List<Timer>> heaps = new ArrayList<>();
    private final long slopNs;

    SoftTimers(XenModel xen, int pcpus, long slopNs) {
        this.xen = xen;
        this.slopNs = slopNs;
        for (int p = 0; p < pcpus; p++) {
            heaps.add(new ArrayList<>());
        }
    }

    /** set_timer: (re)arms {@code t} on {@code pcpu} for {@code expires}; reprograms if it became the earliest. */
    void set(El2Operations ops, Timer t, int pcpu, long expires) {
        long lock = xen.memory().pcpu(pcpu) + XenMemory.PCPU_TIMER_LOCK;
        ops.store("spin_lock timers.lock", lock, 1, 4);
        if (t.active) {
            heaps.get(t.pcpu).remove(t);
        }
        t.pcpu = pcpu;
        t.expires = expires;
        t.active = true;
        List<Timer> heap = heaps.get(pcpu);
        int i = 0;
        while (i < heap.size() && heap.get(i).expires <= expires) {
            i++;
        }
        heap.add(i, t);
        long slot = xen.memory().pcpu(pcpu) + XenMemory.PCPU_TIMER_HEAP + 8L * Math.min(i, 31);
        ops.store("add_entry: timer heap", slot, expires, 8);
        ops.compute("add_to_heap: sift up", 4 + 3 * log2(heap.size()));
        ops.store("spin_unlock timers.lock", lock, 0, 4);
        if (i == 0) {
            if (pcpu == ops.cpu().index()) {
                reprogram(ops, pcpu);
            } else {
                xen.raiseSoftirq(ops, pcpu, XenModel.TIMER_SOFTIRQ);
            }
        }
    }

    /** stop_timer. */
    void stop(El2Operations ops, Timer t) {
        if (!t.active) {
            return;
        }
        long lock = xen.memory().pcpu(t.pcpu) + XenMemory.PCPU_TIMER_LOCK;
        ops.store("spin_lock timers.lock", lock, 1, 4);
        heaps.get(t.pcpu).remove(t);
        t.active = false;
        ops.compute("remove_from_heap", 4 + 3 * log2(heaps.get(t.pcpu).size() + 1));
        ops.store("spin_unlock timers.lock", lock, 0, 4);
    }

    /** timer_softirq_action: runs the expired timers of this pCPU, then reprograms CNTHP. */
    void softirq(El2Operations ops, long nowNs) {
        int pcpu = ops.cpu().index();
        List<Timer> heap = heaps.get(pcpu);
        while (!heap.isEmpty() && heap.get(0).expires <= nowNs) {
            Timer t = heap.remove(0);
            t.active = false;
            ops.load("load heap[1]", xen.memory().pcpu(pcpu) + XenMemory.PCPU_TIMER_HEAP, 8);
            ops.compute("remove_entry + execute_timer (" + t.name + ")", 12 + 3 * log2(heap.size() + 1));
            t.action.expired(ops, nowNs);
        }
        reprogram(ops, pcpu);
    }

    /** reprogram_timer: CNTHP_CVAL_EL2 for max(earliest deadline, now + timer_slop), or CNTHP off. */
    private void reprogram(El2Operations ops, int pcpu) {
        List<Timer> heap = heaps.get(pcpu);
        if (heap.isEmpty()) {
            ops.writeSysreg("CNTHP_CTL_EL2", 0);
            return;
        }
        long now = xen.now(ops);
        long deadline = Math.max(heap.get(0).expires, now + slopNs);
        ops.writeSysreg("CNTHP_CVAL_EL2", xen.nsToTicks(deadline));
        ops.writeSysreg("CNTHP_CTL_EL2", 1);
        ops.barrier(Barrier.ISB);
    }

    boolean armed(Timer t) {
        return t.active;
    }

    private static int log2(int n) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, n));
    }
}
