package dev.hvlab.core.timing;

import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.machine.PrimitiveCosts;
import dev.hvlab.core.machine.TimingModel;
import dev.hvlab.core.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cycle-approximate timing model ({@code --timing approximate}): one {@link CoreTimer} per CPU,
 * parameterised by its core type's file ({@code cortex-a72.json}, {@code cortex-a53.json}) and the
 * board's memory file, and one L2 per cluster (all CPUs of one core type: on the i.MX 8QM each core
 * type is one cluster), shared by the cluster's cores. The machine gives each CPU a cycle budget
 * per quantum; the CPU runs until its timer has spent it.
 */
public final class ApproximateTiming implements TimingModel {
    private final Parameters memory;
    private final Map<String, Parameters> cores = new HashMap<>();
    private final Map<String, Cluster> clusters = new LinkedHashMap<>();
    private final Map<Integer, CoreTimer> timers = new HashMap<>();

    private final Map<String, Map<String, Double>> overrides;
    private boolean coherence = true;

    public ApproximateTiming(String boardMemory) {
        this(boardMemory, Map.of());
    }

    /**
     * With parameter overrides keyed by file: {@code {"cortex-a53": {"system.exceptionEntry": 40}}};
     * every path must exist in its file.
     */
    public ApproximateTiming(String boardMemory, Map<String, Map<String, Double>> overrides) {
        this.overrides = Map.copyOf(overrides);
        this.memory = apply(Parameters.load(boardMemory));
        for (String file : overrides.keySet()) {
            if (!file.equals(boardMemory)) {
                cores.put(file, apply(Parameters.load(file)));
            }
        }
    }

    /** The i.MX 8QuadMax memory system. */
    public ApproximateTiming() {
        this("imx8qm-memory");
    }

    /**
     * Parses {@code FILE.PATH=VALUE} overrides ({@code cortex-a53.system.exceptionEntry=40}) for the
     * i.MX 8QuadMax memory system, checking that each names an existing parameter.
     */
    public static ApproximateTiming withOverrides(java.util.List<String> settings) {
        Map<String, Map<String, Double>> m = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            int dot = s.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new IllegalArgumentException("'" + s + "': expected FILE.PATH=VALUE, e.g. cortex-a53.system.exceptionEntry=40");
            }
            double v;
            try {
                v = Double.parseDouble(s.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "': the value is not a number");
            }
            m.computeIfAbsent(s.substring(0, dot), k -> new LinkedHashMap<>()).put(s.substring(dot + 1, eq), v);
        }
        return new ApproximateTiming("imx8qm-memory", m);
    }

    /**
     * The model as it was before L1 coherence (each core's L1D keeps its copies whatever the others
     * write): the baseline that shows what coherence adds. Call before attaching CPUs.
     */
    ApproximateTiming withoutCoherence() {
        coherence = false;
        return this;
    }

    private Parameters apply(Parameters p) {
        for (Map.Entry<String, Double> e : overrides.getOrDefault(p.name(), Map.of()).entrySet()) {
            p = p.with(e.getKey(), e.getValue());
        }
        return p;
    }

    @Override
    public String name() {
        return "approximate";
    }

    @Override
    public void attach(Cpu cpu, String coreType, Clock clock) {
        Parameters p = cores.computeIfAbsent(coreType, t -> apply(Parameters.load(t)));
        Cluster cluster = clusters.computeIfAbsent(coreType, t -> new Cluster(t, new SetAssociativeCache("l2",
                p.intValue("caches.l2.size"), p.intValue("caches.l2.ways"), p.intValue("caches.l2.line"))));
        CoreTimer timer = new CoreTimer(cpu, coreType, p, memory, cluster.l2, clock.hz());
        timer.cluster = cluster;
        cluster.add(timer);
        timers.put(cpu.index(), timer);
        cpu.setTimingHook(timer);
        connect();
    }

    /**
     * With more than one core, every core keeps its L1D coherent with the others (a one-core
     * machine skips that work entirely); each core reaches the other clusters through the
     * interconnect.
     */
    private void connect() {
        boolean coherent = coherence && timers.size() > 1;
        for (CoreTimer t : timers.values()) {
            t.coherent = coherent;
            t.otherClusters = clusters.values().stream().filter(c -> c != t.cluster).toArray(Cluster[]::new);
        }
    }

    /** The timer of {@code cpu} (null if it was never attached). */
    public CoreTimer timer(Cpu cpu) {
        return timers.get(cpu.index());
    }

    @Override
    public boolean cycleDriven() {
        return true;
    }

    @Override
    public void beginQuantum(Cpu cpu, long cycleBudget) {
        timers.get(cpu.index()).beginQuantum(cycleBudget);
    }

    @Override
    public long cycles(Cpu cpu, long instructions) {
        return timers.get(cpu.index()).quantumCycles();
    }

    @Override
    public PrimitiveCosts costs(Cpu cpu) {
        return timers.get(cpu.index());
    }

    @Override
    public Map<String, Object> cpuStatistics(Cpu cpu) {
        CoreTimer t = timers.get(cpu.index());
        return t == null ? Map.of() : t.statistics();
    }

    @Override
    public Map<String, Object> sharedStatistics() {
        Map<String, Object> m = new LinkedHashMap<>();
        clusters.forEach((type, c) -> m.put("l2_" + type.replace('-', '_'), Stats.cache(c.l2, "L2 cache of the " + type + " cluster")));
        return m;
    }
}
