package dev.hvlab.hv.kvm;

import dev.hvlab.core.hypervisor.El2Operations;
import dev.hvlab.core.machine.PrimitiveCosts.Barrier;

/**
 * The host kernel's scheduler as the vCPU threads see it (kernel/sched/core.c, fair.c, rt.c): the
 * wake-up of a blocked vCPU thread, the switch from the idle task to it, and the switch away
 * when it blocks. CFS (SCHED_OTHER) keeps runnable threads in a red-black tree by virtual runtime
 * and decides wake-up preemption by a granularity; SCHED_FIFO keeps a priority bitmap and a list
 * per priority. Each function is priced as its instructions and its run-queue memory accesses.
 *
 * <p>Not modelled: other host tasks competing for the vCPUs' CPUs (every pinned CPU runs only its
 * vCPU thread and the idle task), load balancing, the host's periodic tick.
 */
final class HostScheduler {
    private final KvmModel kvm;
    private final boolean fifo;

    HostScheduler(KvmModel kvm, boolean fifo) {
        this.kvm = kvm;
        this.fifo = fifo;
    }

    private long rq(int pcpu) {
        return kvm.layout().pcpu(pcpu) + 0x800;
    }

    /** try_to_wake_up of the vCPU thread on {@code pcpu}, from the waker's CPU. */
    void wakeUp(El2Operations ops, int pcpu) {
        long rq = rq(pcpu);
        ops.compute("try_to_wake_up: select_task_rq, ttwu_queue", 60);
        ops.store("rq_lock", rq, 1, 4);
        if (fifo) {
            ops.compute("enqueue_task_rt: __enqueue_rt_entity (list_add_tail, __set_bit)", 40);
            ops.store("store rt_rq bitmap", rq + 8, 1, 8);
            ops.compute("check_preempt_curr_rt: priority compare", 10);
        } else {
            ops.compute("enqueue_task_fair: update_curr, place_entity", 90);
            ops.store("store cfs_rq min_vruntime", rq + 16, 0, 8);
            ops.compute("__enqueue_entity: rb_add_cached", 40);
            ops.compute("check_preempt_wakeup: wakeup_gran", 40);
        }
        ops.store("resched_curr: set TIF_NEED_RESCHED", rq + 24, 1, 8);
        ops.store("rq_unlock", rq, 0, 4);
    }

    /** __schedule on {@code pcpu} from the idle task to the vCPU thread (the preempt notifiers follow). */
    void switchIn(El2Operations ops, int pcpu) {
        long rq = rq(pcpu);
        ops.store("rq_lock", rq, 1, 4);
        if (fifo) {
            ops.compute("pick_next_task_rt: sched_find_first_bit, list head", 30);
        } else {
            ops.compute("pick_next_task_fair: __pick_first_entity, set_next_entity", 80);
        }
        contextSwitch(ops, rq);
    }

    /** __schedule on {@code pcpu} from the blocking vCPU thread to the idle task. */
    void switchOut(El2Operations ops, int pcpu) {
        long rq = rq(pcpu);
        ops.store("rq_lock", rq, 1, 4);
        if (fifo) {
            ops.compute("dequeue_task_rt: __dequeue_rt_entity, __clear_bit", 40);
        } else {
            ops.compute("dequeue_task_fair: update_curr, __dequeue_entity (rb_erase)", 100);
        }
        ops.compute("pick_next_task: idle", 20);
        contextSwitch(ops, rq);
    }

    /** context_switch: the mm (the VMM process's TTBR0_EL1 / the idle task's lazy mm), cpu_switch_to. */
    private void contextSwitch(El2Operations ops, long rq) {
        ops.compute("context_switch: prepare_task_switch, switch_mm", 50);
        ops.barrier(Barrier.ISB);
        for (int r = 0; r < 13; r++) {
            ops.store("cpu_switch_to: save x19-x29, sp, lr", rq + 0x40 + 8L * r, 0, 8);
        }
        for (int r = 0; r < 13; r++) {
            ops.load("cpu_switch_to: restore x19-x29, sp, lr", rq + 0x40 + 8L * r, 8);
        }
        ops.compute("finish_task_switch, fire_sched_in/out_preempt_notifiers", 60);
        ops.store("rq_unlock", rq, 0, 4);
    }
}
