package dev.hvlab.hv.xen;

/**
 * The scheduler operations of Xen's {@code struct scheduler} (xen/common/sched/private.h) that the
 * model uses: a vCPU is inserted when its domain is built, woken when it becomes runnable, put to
 * sleep when it blocks; {@link #doSchedule} picks what a pCPU runs next and for how long, and
 * {@link #tickle} says which pCPU a woken vCPU should be run on by raising SCHEDULE_SOFTIRQ there.
 * Implementations are plain decision logic over {@link Vcpu}s; the cost of their bookkeeping is
 * counted in {@link #work} and charged by the caller.
 */
interface Scheduler {
    /** What a pCPU runs next: {@code next} (the pCPU's idle vCPU for none) for {@code sliceNs}, or -1 for no limit. */
    record Decision(Vcpu next, long sliceNs) {
    }

    /**
     * The pCPUs as the scheduler sees them: numbered 0 to count() - 1 as the machine's CPUs, of which
     * only the online ones (Xen's, {@link XenPcpus}) have an idle vCPU and run anything; no vCPU's
     * hard affinity names a parked one.
     */
    interface Pcpus {
        int count();

        /** Whether Xen brought {@code pcpu} online (a parked CPU is never scheduled). */
        boolean online(int pcpu);

        /** How many pCPUs are online (the cpupool's CPUs). */
        int onlineCount();

        /** The vCPU running on {@code pcpu} (its idle vCPU when none). */
        Vcpu current(int pcpu);

        Vcpu idle(int pcpu);
    }

    String name();

    /** {@code sched_insert_unit}: a new vCPU (offline until woken). */
    void insert(Vcpu v);

    /** {@code unit_wake}: {@code v} became runnable and is not running. */
    void wake(Vcpu v, long now);

    /** {@code unit_sleep}: {@code v} blocked or went offline; if it is queued it leaves the queue. */
    void sleep(Vcpu v, long now);

    /**
     * {@code do_schedule} on {@code pcpu}: {@code prev} is what ran there ({@link Vcpu.State#RUNNING}
     * when it may go on, otherwise blocked/offline); the result is what runs next.
     */
    Decision doSchedule(int pcpu, Vcpu prev, long now);

    /** {@code sched_yield} (vcpu_yield): the running {@code v} offers its pCPU; the caller raises SCHEDULE. */
    default void yield(Vcpu v) {
    }

    /** The pCPU to raise SCHEDULE_SOFTIRQ on for the woken {@code v}, or -1 for none. */
    int tickle(Vcpu v, long now);

    /** Bookkeeping steps (list walks, comparisons, credit updates) since the last call; resets. */
    int work();

    static Scheduler of(String name, Pcpus pcpus) {
        return switch (name) {
            case "credit2" -> new Credit2Scheduler(pcpus);
            case "credit" -> new CreditScheduler(pcpus);
            case "null" -> new NullScheduler(pcpus);
            case "rtds" -> new RtdsScheduler(pcpus);
            default -> throw new IllegalArgumentException("no scheduler " + name);
        };
    }
}
