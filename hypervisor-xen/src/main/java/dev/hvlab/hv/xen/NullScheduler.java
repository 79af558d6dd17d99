package dev.hvlab.hv.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * null (xen/common/sched/null.c): every vCPU is assigned to one pCPU of its affinity that has no
 * other, for good; a pCPU runs its vCPU or idles, with no time slices, so vCPUs never switch on a
 * pCPU except to and from idle. vCPUs that find no free pCPU wait in the wait queue until one frees.
 */
final class NullScheduler implements Scheduler {
    private final Pcpus pcpus;
    private final Vcpu[] assigned;
    private final List<Vcpu> waitq = new ArrayList<>();
    private int work;

    NullScheduler(Pcpus pcpus) {
        this.pcpus = pcpus;
        this.assigned = new Vcpu[pcpus.count()];
    }

    @Override
    public String name() {
        return "null";
    }

    /** The pCPU {@code v} is assigned to, or -1 while it waits. */
    int assignment(Vcpu v) {
        return v.assignedPcpu;
    }

    @Override
    public void insert(Vcpu v) {
        // pick_res: its current processor if free, else the first free one of its affinity.
        int pick = -1;
        if (v.mayRunOn(v.processor) && assigned[v.processor] == null) {
            pick = v.processor;
        } else {
            for (int p = 0; p < assigned.length && pick < 0; p++) {
                work += 2;
                if (v.mayRunOn(p) && assigned[p] == null) {
                    pick = p;
                }
            }
        }
        if (pick < 0) {
            waitq.add(v);
            return;
        }
        assigned[pick] = v;
        v.assignedPcpu = pick;
        v.processor = pick;
        work += 4;
    }

    @Override
    public void wake(Vcpu v, long now) {
        work += 2;
    }

    @Override
    public void sleep(Vcpu v, long now) {
        work += 2;
    }

    @Override
    public Decision doSchedule(int pcpu, Vcpu prev, long now) {
        Vcpu v = assigned[pcpu];
        work += 3;
        if (v != null && v.runnable()) {
            return new Decision(v, -1);
        }
        return new Decision(pcpus.idle(pcpu), -1);
    }

    @Override
    public int tickle(Vcpu v, long now) {
        work += 2;
        return v.assignedPcpu >= 0 && pcpus.current(v.assignedPcpu) != v ? v.assignedPcpu : -1;
    }

    @Override
    public int work() {
        int w = work;
        work = 0;
        return w;
    }
}
