package dev.hvlab.hv.xvisor;

import java.util.ArrayList;
import java.util.List;

/**
 * Priority rate-monotonic (core/schedalgo/vmm_schedalgo_prm.c): per priority an ordered tree by
 * periodicity; the highest non-empty priority runs its vCPU with the shortest period (equal periods
 * in the order they were queued, as the rbtree inserts equal keys to the right). Preemption is by
 * priority only, as upstream (its periodicity check is a TODO).
 */
final class Prm implements SchedAlgo {
    @SuppressWarnings("unchecked")
    private final List<Vcpu>[] trees = new List[MAX_PRIORITY + 1];

    Prm() {
        for (int p = 0; p <= MAX_PRIORITY; p++) {
            trees[p] = new ArrayList<>();
        }
    }

    @Override
    public void enqueue(Vcpu v) {
        List<Vcpu> t = trees[v.priority];
        int i = 0;
        while (i < t.size() && t.get(i).periodTicks <= v.periodTicks) {
            i++;
        }
        t.add(i, v);
    }

    @Override
    public Vcpu dequeue() {
        for (int p = MAX_PRIORITY; p >= 0; p--) {
            if (!trees[p].isEmpty()) {
                return trees[p].remove(0);
            }
        }
        return null;
    }

    @Override
    public void detach(Vcpu v) {
        trees[v.priority].remove(v);
    }

    @Override
    public boolean preemptNeeded(Vcpu current) {
        for (int p = MAX_PRIORITY; p > current.priority; p--) {
            if (!trees[p].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int length(int priority) {
        return trees[priority].size();
    }
}
