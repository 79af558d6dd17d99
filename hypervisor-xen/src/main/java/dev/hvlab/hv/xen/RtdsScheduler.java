package dev.hvlab.hv.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * RTDS (xen/common/sched/rt.c): global EDF over every vCPU with a budget per period. A vCPU runs
 * while it has budget left, earliest deadline first; its budget is replenished (and its deadline
 * moved on by whole periods) when its deadline passes; a depleted vCPU waits on the depleted queue
 * until then. The slice is the budget left. Tickle: an idle pCPU of the affinity, else the pCPU
 * running the latest deadline if that is later than the woken vCPU's. Not modelled: the extratime
 * flag (work conserving), the replenishment timer's own pCPU (replenishment is checked at every
 * scheduling decision and through {@link #nextReplenishment}).
 */
final class RtdsScheduler implements Scheduler {
    private final Pcpus pcpus;
    private final List<Vcpu> runq = new ArrayList<>();
    private final List<Vcpu> depletedq = new ArrayList<>();
    private final List<Vcpu> all = new ArrayList<>();
    private int work;

    RtdsScheduler(Pcpus pcpus) {
        this.pcpus = pcpus;
    }

    @Override
    public String name() {
        return "rtds";
    }

    @Override
    public void insert(Vcpu v) {
        v.rtBudget = v.domain.budgetNs;
        v.rtDeadline = 0;
        all.add(v);
    }

    /** rt_update_deadline: a passed deadline moves on by whole periods and the budget is full again. */
    private void updateDeadline(Vcpu v, long now) {
        if (now < v.rtDeadline) {
            return;
        }
        long period = v.domain.periodNs;
        long count = (now - v.rtDeadline) / period + 1;
        v.rtDeadline += count * period;
        v.rtBudget = v.domain.budgetNs;
        work += 6;
    }

    /** burn_budget. */
    private void burn(Vcpu v, long now) {
        if (v.idle) {
            return;
        }
        v.rtBudget -= Math.max(0, now - v.lastStartNs);
        v.lastStartNs = now;
        work += 4;
    }

    /** runq_insert: the runqueue by deadline, the depleted queue apart. */
    private void queue(Vcpu v) {
        if (v.rtBudget <= 0) {
            depletedq.add(v);
            work += 2;
            return;
        }
        int i = 0;
        while (i < runq.size() && runq.get(i).rtDeadline <= v.rtDeadline) {
            i++;
            work += 2;
        }
        runq.add(i, v);
        work += 3;
    }

    /** The replenishment handler: depleted vCPUs whose deadline passed go back to the runqueue. */
    List<Vcpu> replenish(long now) {
        List<Vcpu> back = new ArrayList<>();
        for (Vcpu v : List.copyOf(depletedq)) {
            work += 3;
            if (now >= v.rtDeadline) {
                depletedq.remove(v);
                updateDeadline(v, now);
                queue(v);
                back.add(v);
            }
        }
        return back;
    }

    /** When the next depleted vCPU gets its budget back, or -1. */
    long nextReplenishment() {
        long next = -1;
        for (Vcpu v : depletedq) {
            if (next < 0 || v.rtDeadline < next) {
                next = v.rtDeadline;
            }
        }
        return next;
    }

    @Override
    public void wake(Vcpu v, long now) {
        if (runq.contains(v) || depletedq.contains(v)) {
            return;
        }
        updateDeadline(v, now);
        queue(v);
    }

    @Override
    public void sleep(Vcpu v, long now) {
        runq.remove(v);
        depletedq.remove(v);
        work += 3;
    }

    @Override
    public Decision doSchedule(int pcpu, Vcpu prev, long now) {
        burn(prev, now);
        replenish(now);
        if (!prev.idle) {
            updateDeadline(prev, now);
            if (prev.state == Vcpu.State.RUNNING) {
                prev.state = Vcpu.State.RUNNABLE;
                queue(prev);
            }
        }
        Vcpu snext = null;
        for (Vcpu c : runq) {
            work += 3;
            if (c.mayRunOn(pcpu) && (c == prev || c.state != Vcpu.State.RUNNING)) {
                snext = c;
                break;
            }
        }
        if (snext == null) {
            return new Decision(pcpus.idle(pcpu), -1);
        }
        runq.remove(snext);
        snext.lastStartNs = now;
        if (snext != prev) {
            snext.runStartNs = now;
        }
        return new Decision(snext, snext.rtBudget);
    }

    @Override
    public int tickle(Vcpu v, long now) {
        work += 4;
        if (v.rtBudget <= 0) {
            return -1;
        }
        if (v.mayRunOn(v.processor) && pcpus.current(v.processor).idle) {
            return v.processor;
        }
        int latest = -1;
        long latestDeadline = Long.MIN_VALUE;
        for (int p = 0; p < pcpus.count(); p++) {
            work += 3;
            if (!v.mayRunOn(p)) {
                continue;
            }
            Vcpu cur = pcpus.current(p);
            if (cur.idle) {
                return p;
            }
            if (cur.rtDeadline > latestDeadline) {
                latest = p;
                latestDeadline = cur.rtDeadline;
            }
        }
        return latest >= 0 && latestDeadline > v.rtDeadline ? latest : -1;
    }

    @Override
    public int work() {
        int w = work;
        work = 0;
        return w;
    }
}
