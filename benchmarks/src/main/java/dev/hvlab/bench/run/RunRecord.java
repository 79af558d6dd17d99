package dev.hvlab.bench.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The result of one run, written as {@code runs/WORKLOAD--HYPERVISOR.json}. Everything but
 * {@link #host} is a function of the inputs (the determinism test compares it).
 *
 * @param schema      the file format: {@value #SCHEMA}
 * @param status      {@code ok} or {@code failed}
 * @param failure     why it failed, or null
 * @param exitCode    the machine's exit status ({@code hvlab boot}'s)
 * @param reason      why the machine stopped
 * @param cycles      cycles of all CPUs, each in its own clock
 * @param trapsByPath exits to EL2 by trap path, filled by hypervisor models (empty natively)
 * @param costLedger  the hypervisor's cycles by path and step (empty natively)
 * @param console     everything the workload printed
 * @param host        host-side cost; differs between runs
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunRecord(String schema, String workload, String hypervisor, String board, String timing, int entryEl,
        String status, String failure, int exitCode, String reason, Map<String, Metric> metrics,
        Map<String, Histogram> histograms, Map<String, String> skipped, Map<String, String> info, long instructions,
        long cycles, long simulatedPs, List<CpuStats> cpus, Map<String, Long> trapsByPath,
        Map<String, Map<String, Long>> costLedger, String console, Host host) {
    public static final String SCHEMA = "hvlab-run/1";

    /** One CPU's share of the run. */
    public record CpuStats(int cpu, String coreType, long frequencyHz, long instructions, long cycles) {
    }

    /** What the run cost the host: not deterministic, never compared. */
    public record Host(long nanos, double mips) {
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    /** This record without its host cost: what must be identical between two runs of the same spec. */
    public RunRecord withoutHost() {
        return new RunRecord(schema, workload, hypervisor, board, timing, entryEl, status, failure, exitCode, reason,
                metrics, histograms, skipped, info, instructions, cycles, simulatedPs, cpus, trapsByPath, costLedger,
                console, null);
    }
}
