package dev.hvlab.cli;

import dev.hvlab.core.spi.Providers;
import java.util.List;

/** Hypervisor names on the command line: a discovered model, or none for bare hardware. */
final class HypervisorNames {
    /** The names that mean "no hypervisor": the guest runs on the bare board. */
    static final List<String> BARE = List.of("none", "native");

    private HypervisorNames() {
    }

    /** Checks {@code name}; an unknown one is a user error listing the known models. */
    static String check(String name) {
        if (!BARE.contains(name)) {
            Providers.hypervisor(name);
        }
        return name;
    }
}
