package dev.hvlab.hv.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * credit (xen/common/sched/credit.c): per-pCPU runqueues ordered by priority (BOOST > UNDER >
 * OVER); running burns 10 credits per ms; every 30 ms the accounting hands out credits by weight
 * (the vCPUs in credit run UNDER, the others OVER); a vCPU woken from blocking while UNDER is
 * BOOSTed until its next 10 ms tick; slices are 30 ms, with a 1 ms rate limit; an idle pCPU steals
 * the best vCPU from another pCPU's runqueue (load balancing). Tickle: an idle pCPU of the woken
 * vCPU's affinity (its own first), else its own pCPU if it outranks what runs there. Not modelled:
 * caps, soft affinity, the PARKED flag, multiple cpupools.
 */
final class CreditScheduler implements Scheduler {
    static final int PRI_BOOST = 0;
    static final int PRI_UNDER = -1;
    static final int PRI_OVER = -2;
    static final int PRI_IDLE = -64;
    static final long TICK = 10_000_000L;
    static final long TSLICE = 30_000_000L;
    static final long ACCT_PERIOD = 3 * TICK;
    static final long CREDITS_PER_MSEC = 10;
    static final long CREDITS_PER_TSLICE = CREDITS_PER_MSEC * 30;
    static final long RATELIMIT = 1_000_000L;

    private final Pcpus pcpus;
    private final List<List<Vcpu>> runqs = new ArrayList<>();
    private final List<Vcpu> all = new ArrayList<>();
    private long nextAccounting = ACCT_PERIOD;
    private int work;

    CreditScheduler(Pcpus pcpus) {
        this.pcpus = pcpus;
        for (int p = 0; p < pcpus.count(); p++) {
            runqs.add(new ArrayList<>());
        }
    }

    @Override
    public String name() {
        return "credit";
    }

    @Override
    public void insert(Vcpu v) {
        v.priority = PRI_UNDER;
        v.credit = 0;
        all.add(v);
    }

    /** __runq_insert: after every vCPU of equal or higher priority. */
    private void runqInsert(int pcpu, Vcpu v) {
        List<Vcpu> q = runqs.get(pcpu);
        int i = 0;
        while (i < q.size() && q.get(i).priority >= v.priority) {
            i++;
            work += 2;
        }
        q.add(i, v);
        work += 4;
    }

    private void remove(Vcpu v) {
        for (List<Vcpu> q : runqs) {
            if (q.remove(v)) {
                work += 3;
            }
        }
    }

    @Override
    public void wake(Vcpu v, long now) {
        if (v.priority == PRI_UNDER) {
            v.priority = PRI_BOOST;
        }
        remove(v);
        runqInsert(v.processor, v);
    }

    @Override
    public void sleep(Vcpu v, long now) {
        remove(v);
    }

    /** burn_credits and the per-tick BOOST expiry (csched_unit_acct). */
    private void burn(Vcpu v, long now) {
        if (v.idle) {
            return;
        }
        long ran = Math.max(0, now - v.lastStartNs);
        v.credit -= ran * CREDITS_PER_MSEC / 1_000_000L;
        if (v.priority == PRI_BOOST && now - v.runStartNs >= TICK) {
            v.priority = PRI_UNDER;
        }
        v.lastStartNs = now;
        work += 6;
    }

    /** csched_acct: credits by weight for this period; UNDER while in credit, OVER when not. */
    private void accounting(long now) {
        if (now < nextAccounting) {
            return;
        }
        nextAccounting = now + ACCT_PERIOD;
        long totalWeight = 0;
        for (Vcpu v : all) {
            if (v.state != Vcpu.State.OFFLINE) {
                totalWeight += v.domain.weight;
            }
        }
        long credits = CREDITS_PER_TSLICE * pcpus.onlineCount(); // prv->ncpus: the pool's pCPUs
        for (Vcpu v : all) {
            work += 8;
            if (v.state == Vcpu.State.OFFLINE || totalWeight == 0) {
                continue;
            }
            v.credit = Math.min(v.credit + credits * v.domain.weight / totalWeight, CREDITS_PER_TSLICE);
            if (v.priority != PRI_BOOST) {
                v.priority = v.credit < 0 ? PRI_OVER : PRI_UNDER;
            }
        }
    }

    @Override
    public Decision doSchedule(int pcpu, Vcpu prev, long now) {
        burn(prev, now);
        accounting(now);
        boolean prevGoesOn = !prev.idle && prev.state == Vcpu.State.RUNNING && prev.mayRunOn(pcpu);
        if (prevGoesOn && now - prev.runStartNs < RATELIMIT) {
            return new Decision(prev, RATELIMIT - (now - prev.runStartNs));
        }
        if (prevGoesOn) {
            prev.state = Vcpu.State.RUNNABLE;
            runqInsert(pcpu, prev);
        }
        List<Vcpu> q = runqs.get(pcpu);
        Vcpu snext = q.isEmpty() ? null : q.get(0);
        if (snext == null || snext.priority <= PRI_OVER) {
            Vcpu stolen = loadBalance(pcpu, snext == null ? PRI_IDLE : snext.priority);
            if (stolen != null) {
                snext = stolen;
            }
        }
        if (snext == null) {
            return new Decision(pcpus.idle(pcpu), -1);
        }
        remove(snext);
        if (snext != prev) {
            snext.runStartNs = now;
            snext.lastStartNs = now;
        }
        return new Decision(snext, TSLICE);
    }

    /** csched_load_balance: the first vCPU of a better priority on a peer's runqueue that may run here. */
    private Vcpu loadBalance(int pcpu, int than) {
        for (int p = 0; p < pcpus.count(); p++) {
            if (p == pcpu) {
                continue;
            }
            for (Vcpu c : runqs.get(p)) {
                work += 3;
                if (c.priority > than && c.mayRunOn(pcpu)) {
                    return c;
                }
            }
        }
        return null;
    }

    @Override
    public int tickle(Vcpu v, long now) {
        work += 4;
        if (v.mayRunOn(v.processor) && pcpus.current(v.processor).idle) {
            return v.processor;
        }
        for (int p = 0; p < pcpus.count(); p++) {
            work += 2;
            if (v.mayRunOn(p) && pcpus.current(p).idle) {
                return p;
            }
        }
        Vcpu cur = pcpus.current(v.processor);
        return v.mayRunOn(v.processor) && v.priority > cur.priority ? v.processor : -1;
    }

    @Override
    public int work() {
        int w = work;
        work = 0;
        return w;
    }
}
