package dev.hvlab.hv.xvisor;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * Xvisor's per-CPU scheduler (core/vmm_scheduler.c): a ready queue per CPU ({@link SchedAlgo}: PRR
 * or PRM), the current vCPU, the idle orphan, and a time-slice timer event. State changes mark a
 * CPU for rescheduling; the switch itself happens on the way out of EL2
 * ({@code vmm_scheduler_irq_exit}), so every reschedule is one trap's work. A vCPU woken for another
 * CPU is queued there and that CPU is sent the scheduler IPI.
 */
final class Scheduler {
    private final XvisorModel model;
    final SchedAlgo[] rq;
    final Vcpu[] current;
    final Vcpu[] idle;
    final boolean[] resched;
    private final long lockBase;
    long switches;

    Scheduler(XvisorModel model, String algo, int cpus, long lockBase) {
        this.model = model;
        this.rq = new SchedAlgo[cpus];
        this.current = new Vcpu[cpus];
        this.idle = new Vcpu[cpus];
        this.resched = new boolean[cpus];
        this.lockBase = lockBase;
        for (int i = 0; i < cpus; i++) {
            rq[i] = SchedAlgo.of(algo);
        }
    }

    private void lock(El2Operations ops, int cpu) {
        ops.load("spin_lock(rq)", lockBase + 64L * cpu, 4);
        ops.store("spin_lock(rq)", lockBase + 64L * cpu, 1, 4);
    }

    private void unlock(El2Operations ops, int cpu) {
        ops.store("spin_unlock(rq)", lockBase + 64L * cpu, 0, 4);
    }

    /** {@code vmm_manager_vcpu_kick}/resume: the vCPU becomes READY on its host CPU, preempting if it should. */
    void makeReady(El2Operations ops, Vcpu v) {
        int cpu = v.hostCpu;
        lock(ops, cpu);
        v.state = Vcpu.State.READY;
        rq[cpu].enqueue(v);
        ops.compute("vmm_schedalgo_rq_enqueue", v.normal() ? 14 : 10);
        unlock(ops, cpu);
        Vcpu cur = current[cpu];
        boolean preempt = cur == null || cur == idle[cpu] || rq[cpu].preemptNeeded(cur);
        if (!preempt) {
            return;
        }
        if (cpu == ops.cpu().index()) {
            resched[cpu] = true;
        } else {
            model.ipi(ops, cpu, XvisorModel.IPI_RESCHED);
        }
    }

    /** {@code vmm_vcpu_irq_wait_resume}: a vCPU paused in WFI gets an interrupt. */
    void wake(El2Operations ops, Vcpu v) {
        v.wfiWaiting = false;
        model.timers().stop(ops, HostTimers.Kind.WFI_TIMEOUT, v);
        makeReady(ops, v);
    }

    /** {@code vmm_manager_vcpu_pause}: the current vCPU stops being runnable until woken. */
    void pause(El2Operations ops, Vcpu v) {
        v.state = Vcpu.State.PAUSED;
        ops.compute("vmm_manager_vcpu_pause: state change", 12);
        rq[v.hostCpu].detach(v);
        if (current[ops.cpu().index()] == v) {
            resched[ops.cpu().index()] = true;
        }
    }

    /** {@code vmm_manager_vcpu_halt} (or a reset for CPU_OFF): never scheduled again until kicked. */
    void stop(El2Operations ops, Vcpu v, Vcpu.State state) {
        v.state = state;
        ops.compute("vmm_manager_vcpu_halt: state change", 12);
        rq[v.hostCpu].detach(v);
        if (current[ops.cpu().index()] == v) {
            resched[ops.cpu().index()] = true;
        }
    }

    /** {@code vmm_scheduler_yield}: the current vCPU goes to the tail of its priority. */
    void yield(El2Operations ops) {
        ops.compute("vmm_scheduler_yield", 6);
        resched[ops.cpu().index()] = true;
    }

    /** The time slice ended ({@code vmm_scheduler_timer_event}). */
    void timeSliceExpired(El2Operations ops) {
        ops.compute("vmm_scheduler_timer_event: preempt", 6);
        resched[ops.cpu().index()] = true;
    }

    /** {@code vmm_scheduler_irq_exit}: a pending reschedule picks the next vCPU and switches to it. */
    void irqExit(El2Operations ops) {
        int cpu = ops.cpu().index();
        ops.compute("vmm_scheduler_irq_exit", 6);
        if (!resched[cpu]) {
            return;
        }
        resched[cpu] = false;
        schedule(ops);
    }

    /** {@code vmm_scheduler_next}: requeue the current vCPU if still runnable, dequeue the next, switch. */
    void schedule(El2Operations ops) {
        int cpu = ops.cpu().index();
        lock(ops, cpu);
        Vcpu cur = current[cpu];
        if (cur != null && cur != idle[cpu] && cur.state == Vcpu.State.RUNNING) {
            cur.state = Vcpu.State.READY;
            rq[cpu].enqueue(cur);
            ops.compute("vmm_schedalgo_rq_enqueue", 14);
        }
        Vcpu next = rq[cpu].dequeue();
        ops.compute("vmm_schedalgo_rq_dequeue", 16);
        while (next != null && next.work != null) {
            // An orphan thread: switched to (GPR frame only, no guest state), runs its work, sleeps again.
            long frame = model.frame(cpu);
            ops.copy(next.context + Vcpu.REGS, frame, Vcpu.REGS_BYTES);
            next.state = Vcpu.State.RUNNING;
            next.work.run(ops);
            next.state = Vcpu.State.PAUSED;
            ops.copy(frame, next.context + Vcpu.REGS, Vcpu.REGS_BYTES);
            switches += 2;
            if (cur != null && cur.state == Vcpu.State.READY) {
                rq[cpu].detach(cur);
                next = cur;
                break;
            }
            next = rq[cpu].dequeue();
            ops.compute("vmm_schedalgo_rq_dequeue", 16);
        }
        if (next == null) {
            next = idle[cpu];
        }
        unlock(ops, cpu);
        next.state = Vcpu.State.RUNNING;
        long now = ops.readSysreg("CNTPCT_EL0");
        if (next != idle[cpu]) {
            model.timers().start(ops, HostTimers.Kind.TIME_SLICE, idle[cpu], now + next.timeSliceTicks);
        } else {
            model.timers().stop(ops, HostTimers.Kind.TIME_SLICE, idle[cpu]);
        }
        if (next != cur) {
            switches++;
            model.vcpuSwitch().switchTo(ops, cur, next);
            current[cpu] = next;
        }
    }
}
