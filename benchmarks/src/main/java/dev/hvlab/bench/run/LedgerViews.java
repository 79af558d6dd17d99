package dev.hvlab.bench.run;

import dev.hvlab.core.hypervisor.CostLedger;
import dev.hvlab.core.hypervisor.El2Dispatcher;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A model's cost ledger as the run record holds it: traps by path, and cycles by path and step. */
final class LedgerViews {
    private LedgerViews() {
    }

    /** Times each path was taken, all models of {@code d} (none: empty), leaving out {@code excluded} paths. */
    static Map<String, Long> trapsByPath(El2Dispatcher d, String... excluded) {
        Map<String, Long> m = new LinkedHashMap<>();
        if (d != null) {
            for (CostLedger.PathTotal p : d.ledger().paths()) {
                if (!List.of(excluded).contains(p.path())) {
                    m.merge(p.path(), p.taken(), Long::sum);
                }
            }
        }
        return m;
    }

    /** Cycles by path and step. */
    static Map<String, Map<String, Long>> costLedger(El2Dispatcher d) {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        if (d != null) {
            for (CostLedger.Row r : d.ledger().rows()) {
                m.computeIfAbsent(r.path(), k -> new LinkedHashMap<>()).merge(r.step(), r.cycles(), Long::sum);
            }
        }
        return m;
    }
}
