package dev.hvlab.bench.run;

import dev.hvlab.core.config.BoardConfig;

/**
 * One cell of a comparison: which workload, under which environment, on which board, with which
 * timing model.
 *
 * @param hypervisor an environment name ({@link Environments}), canonical ({@code none} natively)
 */
public record RunSpec(String workload, String hypervisor, BoardConfig board, String timing) {
    public RunSpec {
        hypervisor = Environments.canonical(hypervisor);
    }

    /** The run's file name stem: {@code WORKLOAD--HYPERVISOR}. */
    public String id() {
        return workload + "--" + hypervisor;
    }
}
