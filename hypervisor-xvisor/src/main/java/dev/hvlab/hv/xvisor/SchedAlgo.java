package dev.hvlab.hv.xvisor;

/**
 * A per-CPU ready queue (Xvisor's {@code vmm_schedalgo_rq_*}, core/schedalgo): enqueue a READY vCPU,
 * dequeue the next to run, say whether a queued vCPU should preempt the current one.
 */
interface SchedAlgo {
    void enqueue(Vcpu v);

    /** The next vCPU to run (removed from the queue), or null when the queue is empty. */
    Vcpu dequeue();

    /** Removes {@code v} if queued (paused, halted, migrated). */
    void detach(Vcpu v);

    /** {@code vmm_schedalgo_rq_prempt_needed}: a queued vCPU has a higher priority than {@code current}. */
    boolean preemptNeeded(Vcpu current);

    int length(int priority);

    /** Priorities 0 (lowest) to 7: {@code VMM_VCPU_MAX_PRIORITY}. */
    int MAX_PRIORITY = 7;

    static SchedAlgo of(String name) {
        return XvisorConfig.PRM.equals(name) ? new Prm() : new Prr();
    }
}
