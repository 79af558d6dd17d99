package dev.hvlab.bench;

import java.util.List;

/**
 * The guest workloads hvlab can run and compare (a guest image plus the metric it reports). None
 * exists yet: the bare-metal suite and the runner come with the workloads issue. {@code hvlab info}
 * lists what this returns, so the list grows here as workloads are added.
 */
public final class Workloads {
    private Workloads() {
    }

    /** The names of the available workloads, sorted. */
    public static List<String> names() {
        return List.of();
    }
}
