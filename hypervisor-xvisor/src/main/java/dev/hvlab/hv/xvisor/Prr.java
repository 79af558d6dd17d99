package dev.hvlab.hv.xvisor;

import java.util.ArrayDeque;

/**
 * Priority round-robin (core/schedalgo/vmm_schedalgo_prr.c): one FIFO per priority; the highest
 * non-empty priority runs its first vCPU for that vCPU's time slice; a vCPU that is preempted or
 * yields goes to the tail of its priority's list.
 */
final class Prr implements SchedAlgo {
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Vcpu>[] lists = new ArrayDeque[MAX_PRIORITY + 1];

    Prr() {
        for (int p = 0; p <= MAX_PRIORITY; p++) {
            lists[p] = new ArrayDeque<>();
        }
    }

    @Override
    public void enqueue(Vcpu v) {
        lists[v.priority].addLast(v);
    }

    @Override
    public Vcpu dequeue() {
        for (int p = MAX_PRIORITY; p >= 0; p--) {
            if (!lists[p].isEmpty()) {
                return lists[p].pollFirst();
            }
        }
        return null;
    }

    @Override
    public void detach(Vcpu v) {
        lists[v.priority].remove(v);
    }

    @Override
    public boolean preemptNeeded(Vcpu current) {
        for (int p = MAX_PRIORITY; p > current.priority; p--) {
            if (!lists[p].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int length(int priority) {
        return lists[priority].size();
    }
}
