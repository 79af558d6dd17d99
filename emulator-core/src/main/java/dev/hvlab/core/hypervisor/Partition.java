package dev.hvlab.core.hypervisor;

import java.util.Arrays;

/**
 * A set of CPUs that fail together: a Jailhouse cell, a Xen domain's pinned pCPUs, a KVM VM's host
 * CPUs. When a trap on one of its CPUs is UNHANDLED or FORBIDDEN, the dispatcher powers all of them
 * off; the other partitions keep running.
 */
public final class Partition {
    private final String name;
    private final int[] cpus;
    private volatile boolean stopped;

    public Partition(String name, int[] cpus) {
        this.name = name;
        this.cpus = cpus.clone();
    }

    public String name() {
        return name;
    }

    public int[] cpus() {
        return cpus.clone();
    }

    public boolean contains(int cpuIndex) {
        for (int c : cpus) {
            if (c == cpuIndex) {
                return true;
            }
        }
        return false;
    }

    public boolean stopped() {
        return stopped;
    }

    void markStopped() {
        stopped = true;
    }

    @Override
    public String toString() {
        return name + " (CPUs " + Arrays.toString(cpus) + ")";
    }
}
