package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Scheduling decisions of credit2, null and RTDS on plain vCPUs (no machine). */
class SchedulerTest {
    static final long MS = 1_000_000L;

    /** Two pCPUs whose current vCPUs the test sets. */
    static final class Pcpus implements Scheduler.Pcpus {
        final Vcpu[] idle = new Vcpu[2];
        final Vcpu[] current = new Vcpu[2];

        Pcpus() {
            for (int p = 0; p < 2; p++) {
                idle[p] = new Vcpu(null, p, 0, true, 2);
                current[p] = idle[p];
            }
        }

        @Override
        public int count() {
            return 2;
        }

        @Override
        public boolean online(int pcpu) {
            return true;
        }

        @Override
        public int onlineCount() {
            return 2;
        }

        @Override
        public Vcpu current(int pcpu) {
            return current[pcpu];
        }

        @Override
        public Vcpu idle(int pcpu) {
            return idle[pcpu];
        }
    }

    static XenDomain domain(int id, int weight, long periodNs, long budgetNs) {
        return new XenDomain(id, "d" + id, null, 0, 0, 0, 0, 0, 0, weight, periodNs, budgetNs, false, 0, 2);
    }

    static Vcpu vcpu(XenDomain d, int id, int... pcpus) {
        Vcpu v = new Vcpu(d, id, 0, false, 2);
        for (int p : pcpus) {
            v.affinity[p] = true;
        }
        v.processor = pcpus[0];
        d.vcpus.add(v);
        return v;
    }

    /** What the model's schedule() does with a decision. */
    static Vcpu run(Scheduler s, Pcpus pc, int pcpu, long now) {
        Vcpu prev = pc.current[pcpu];
        Scheduler.Decision d = s.doSchedule(pcpu, prev, now);
        if (d.next() != prev && prev.state == Vcpu.State.RUNNING) {
            prev.state = Vcpu.State.RUNNABLE;
        }
        d.next().state = Vcpu.State.RUNNING;
        d.next().processor = pcpu;
        pc.current[pcpu] = d.next();
        return d.next();
    }

    static void wake(Scheduler s, Vcpu v, long now) {
        v.state = Vcpu.State.RUNNABLE;
        s.wake(v, now);
    }

    /**
     * credit2's yield (runq_candidate): a yielding runner skips the 1 ms rate limit, and a queued
     * vCPU with up to CSCHED2_YIELD_BIAS (1 ms) less credit is preferred to it; without the yield
     * the runner keeps the pCPU through the rate limit, and with a bigger gap it keeps it anyway.
     */
    @Test
    void credit2YieldSkipsTheRateLimitAndBiasesAgainstTheYielder() {
        Pcpus pc = new Pcpus();
        Scheduler s = new Credit2Scheduler(pc);
        Vcpu a = vcpu(domain(0, 256, 0, 0), 0, 0);
        Vcpu b = vcpu(domain(1, 256, 0, 0), 0, 0);
        s.insert(a);
        s.insert(b);
        wake(s, a, 0);
        assertSame(a, run(s, pc, 0, 0));
        wake(s, b, 0);
        // At 0.1 ms a has burnt 0.1 ms of credit: b has more, but a is within its rate limit.
        assertSame(a, run(s, pc, 0, MS / 10));
        s.yield(a);
        assertSame(b, run(s, pc, 0, MS / 5), "the yielder gives way despite the rate limit");
        // b burns 1.5 ms: a now has 1.3 ms more credit than b, beyond the 1 ms yield bias.
        assertSame(a, run(s, pc, 0, MS / 5 + 3 * MS / 2));
        assertSame(a, run(s, pc, 0, MS / 5 + 3 * MS / 2 + 1));
        s.yield(a);
        assertSame(a, run(s, pc, 0, MS / 5 + 3 * MS / 2 + 2), "more than the bias ahead: it goes on");
    }

    @Test
    void credit2RunsTheVcpuWithMostCreditAndTicklesAnIdlePcpu() {
        Pcpus pc = new Pcpus();
        Scheduler s = new Credit2Scheduler(pc);
        Vcpu a = vcpu(domain(0, 256, 0, 0), 0, 0, 1);
        Vcpu b = vcpu(domain(1, 256, 0, 0), 0, 0, 1);
        s.insert(a);
        s.insert(b);
        wake(s, a, 0);
        assertEquals(0, s.tickle(a, 0), "its own pCPU is idle");
        assertSame(a, run(s, pc, 0, 0));
        wake(s, b, 0);
        assertEquals(1, s.tickle(b, 0), "pCPU 0 is busy, pCPU 1 idles");
        // After 4 ms a has burnt 4 ms of credit: b (full credit) preempts it on pCPU 0.
        assertSame(b, run(s, pc, 0, 4 * MS));
        assertEquals(Credit2Scheduler.CREDIT_INIT - 4 * MS, a.credit);
        // Within the 1 ms rate limit b keeps the pCPU even though a was queued.
        assertSame(b, run(s, pc, 0, 4 * MS + MS / 2));
    }

    @Test
    void credit2BurnsCreditInInverseProportionToWeight() {
        Pcpus pc = new Pcpus();
        Scheduler s = new Credit2Scheduler(pc);
        Vcpu heavy = vcpu(domain(0, 512, 0, 0), 0, 0);
        Vcpu light = vcpu(domain(1, 256, 0, 0), 0, 0);
        s.insert(heavy);
        s.insert(light);
        wake(s, heavy, 0);
        assertSame(heavy, run(s, pc, 0, 0));
        wake(s, light, 0);
        assertSame(light, run(s, pc, 0, 2 * MS));
        run(s, pc, 0, 4 * MS);
        // max_weight 512: 2 ms at weight 512 cost 2 ms of credit; at weight 256, 4 ms.
        assertEquals(Credit2Scheduler.CREDIT_INIT - 2 * MS, heavy.credit);
        assertEquals(Credit2Scheduler.CREDIT_INIT - 4 * MS, light.credit);
    }

    @Test
    void theNullSchedulerAssignsOneVcpuPerPcpuForGood() {
        Pcpus pc = new Pcpus();
        NullScheduler s = new NullScheduler(pc);
        XenDomain d = domain(0, 256, 0, 0);
        Vcpu a = vcpu(d, 0, 0, 1);
        Vcpu b = vcpu(d, 1, 0, 1);
        Vcpu c = vcpu(d, 2, 0, 1);
        s.insert(a);
        s.insert(b);
        s.insert(c);
        assertEquals(0, s.assignment(a));
        assertEquals(1, s.assignment(b));
        assertEquals(-1, s.assignment(c), "no free pCPU: it waits");
        wake(s, a, 0);
        wake(s, c, 0);
        assertSame(a, run(s, pc, 0, 0));
        assertSame(a, run(s, pc, 0, 100 * MS), "no time slices: it keeps its pCPU");
        a.state = Vcpu.State.BLOCKED;
        assertSame(pc.idle[0], run(s, pc, 0, 200 * MS), "blocked: pCPU 0 idles rather than run another vCPU");
        assertSame(pc.idle[1], run(s, pc, 1, 200 * MS), "b is not runnable, c is not assigned here");
    }

    @Test
    void rtdsRunsEarliestDeadlineFirstWithinBudgets() {
        Pcpus pc = new Pcpus();
        RtdsScheduler s = new RtdsScheduler(pc);
        Vcpu fast = vcpu(domain(0, 256, 2 * MS, MS), 0, 0);      // 1 ms every 2 ms
        Vcpu slow = vcpu(domain(1, 256, 10 * MS, 4 * MS), 0, 0); // 4 ms every 10 ms
        s.insert(fast);
        s.insert(slow);
        wake(s, slow, 0);
        wake(s, fast, 0);
        Scheduler.Decision d = s.doSchedule(0, pc.current[0], 0);
        assertSame(fast, d.next(), "deadline 2 ms before 10 ms");
        assertEquals(MS, d.sliceNs(), "runs until its budget is spent");
        pc.current[0] = fast;
        fast.state = Vcpu.State.RUNNING;
        assertSame(slow, run(s, pc, 0, MS), "fast is depleted until its next period");
        assertEquals(0, fast.rtBudget);
        assertEquals(2 * MS, s.nextReplenishment());
        assertSame(fast, run(s, pc, 0, 2 * MS), "replenished at 2 ms with deadline 4 ms, earlier than slow's 10 ms");
        assertEquals(4 * MS, fast.rtDeadline);
        assertEquals(3 * MS, slow.rtBudget, "slow ran 1 ms of its 4");
        assertTrue(Arrays.asList(pc.current).contains(fast));
    }
}
