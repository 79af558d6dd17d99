package dev.hvlab.hv.xen;

import java.util.ArrayList;
import java.util.List;

/**
 * credit2, Xen's default (xen/common/sched/credit2.c): one runqueue ordered by credit; running
 * burns credit in proportion to 1/weight; the vCPU with most credit runs; when the one picked has
 * none left every vCPU's credit is reset (+CSCHED2_CREDIT_INIT); the slice is how long until the
 * runner falls below the next in line (500 us to 10 ms); a running vCPU keeps the pCPU for at least
 * the rate limit (1 ms). A woken vCPU tickles an idle pCPU of its affinity (its last one first), or
 * the pCPU whose runner has the least credit if it has more than that by the migration resistance.
 * Not modelled: several runqueues (one per socket; the model has one), soft affinity, caps
 * (budget-based since Xen 4.10), load balancing between runqueues.
 */
final class Credit2Scheduler implements Scheduler {
    static final long CREDIT_INIT = 10_000_000L;
    static final long MIN_TIMER = 500_000L;
    static final long MAX_TIMER = CREDIT_INIT;
    static final long CREDIT_RESET = 0;
    static final long MIGRATE_RESIST = 500_000L;
    static final long RATELIMIT = 1_000_000L;
    static final int MAX_WEIGHT_DEFAULT = 256;
    /** CSCHED2_YIELD_BIAS (sched_credit2_yield_bias, 1000 us). */
    static final long YIELD_BIAS = 1_000_000L;

    private final Pcpus pcpus;
    private final List<Vcpu> runq = new ArrayList<>();
    private final List<Vcpu> all = new ArrayList<>();
    private int work;

    Credit2Scheduler(Pcpus pcpus) {
        this.pcpus = pcpus;
    }

    @Override
    public String name() {
        return "credit2";
    }

    @Override
    public void insert(Vcpu v) {
        v.credit = CREDIT_INIT;
        all.add(v);
    }

    private int maxWeight() {
        int m = MAX_WEIGHT_DEFAULT;
        for (Vcpu v : all) {
            m = Math.max(m, v.domain.weight);
        }
        return m;
    }

    /** burn_credits: t2c, time scaled by max_weight / weight. */
    private void burn(Vcpu v, long now) {
        if (v.idle) {
            return;
        }
        long delta = Math.max(0, now - v.lastStartNs);
        v.credit -= delta * maxWeight() / v.domain.weight;
        v.lastStartNs = now;
        work += 6;
    }

    /** runq_insert: ordered by credit, highest first. */
    private void runqInsert(Vcpu v) {
        int i = 0;
        while (i < runq.size() && runq.get(i).credit >= v.credit) {
            i++;
            work += 2;
        }
        runq.add(i, v);
        work += 4;
    }

    @Override
    public void wake(Vcpu v, long now) {
        if (!runq.contains(v)) {
            v.lastStartNs = now;
            runqInsert(v);
        }
    }

    @Override
    public void sleep(Vcpu v, long now) {
        runq.remove(v);
        work += 3;
    }

    /** csched2_unit_yield: the flag runq_candidate consumes. */
    @Override
    public void yield(Vcpu v) {
        v.yielding = true;
        work += 2;
    }

    @Override
    public Decision doSchedule(int pcpu, Vcpu prev, long now) {
        burn(prev, now);
        boolean prevGoesOn = !prev.idle && prev.state == Vcpu.State.RUNNING && prev.mayRunOn(pcpu);
        // runq_candidate: a yielding vCPU skips the rate limit (it is probably about to spin) and
        // the others compare as if they had YIELD_BIAS more credit.
        long yieldBias = prev.yielding ? YIELD_BIAS : 0;
        prev.yielding = false;
        if (prevGoesOn && yieldBias == 0 && now - prev.runStartNs < RATELIMIT) {
            work += 2;
            return new Decision(prev, RATELIMIT - (now - prev.runStartNs));
        }
        Vcpu snext = null;
        for (Vcpu c : runq) {
            work += 3;
            if (c.mayRunOn(pcpu)) {
                snext = c;
                break;
            }
        }
        if (prevGoesOn && (snext == null || prev.credit >= snext.credit + yieldBias)) {
            snext = prev;
        } else if (snext != null) {
            runq.remove(snext);
            if (prevGoesOn) {
                prev.state = Vcpu.State.RUNNABLE;
                runqInsert(prev);
            }
        }
        if (snext == null) {
            return new Decision(pcpus.idle(pcpu), -1);
        }
        if (snext.credit <= CREDIT_RESET) {
            resetCredit();
        }
        if (snext != prev) {
            snext.lastStartNs = now;
            snext.runStartNs = now;
        }
        return new Decision(snext, runtime(snext, pcpu));
    }

    /** reset_credit: everyone gets CREDIT_INIT more, the excess over CREDIT_INIT + MIN_TIMER is lost. */
    private void resetCredit() {
        for (Vcpu v : all) {
            v.credit = Math.min(v.credit + CREDIT_INIT, CREDIT_INIT + MIN_TIMER);
            work += 4;
        }
    }

    /** csched2_runtime: until the runner's credit falls to the next one's, within MIN_TIMER..MAX_TIMER. */
    private long runtime(Vcpu snext, int pcpu) {
        Vcpu second = null;
        for (Vcpu c : runq) {
            if (c.mayRunOn(pcpu)) {
                second = c;
                break;
            }
        }
        long time = second == null ? MAX_TIMER
                : (snext.credit - second.credit) * snext.domain.weight / maxWeight();
        work += 6;
        return Math.max(MIN_TIMER, Math.min(MAX_TIMER, time));
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
        int lowest = -1;
        long lowestCredit = Long.MAX_VALUE;
        for (int p = 0; p < pcpus.count(); p++) {
            Vcpu cur = pcpus.current(p);
            work += 3;
            if (v.mayRunOn(p) && cur.credit < lowestCredit) {
                lowest = p;
                lowestCredit = cur.credit;
            }
        }
        return lowest >= 0 && v.credit - lowestCredit > MIGRATE_RESIST ? lowest : -1;
    }

    @Override
    public int work() {
        int w = work;
        work = 0;
        return w;
    }
}
