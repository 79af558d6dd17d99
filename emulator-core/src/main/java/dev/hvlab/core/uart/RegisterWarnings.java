package dev.hvlab.core.uart;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs, once per device, register offset and kind, a guest access to something the model does not implement. */
final class RegisterWarnings {
    private static final Logger LOG = LoggerFactory.getLogger(RegisterWarnings.class);

    private final String device;
    private final Set<String> warned = new HashSet<>();

    RegisterWarnings(String device) {
        this.device = device;
    }

    void once(String what, long offset) {
        if (warned.add(what + "@" + offset)) {
            LOG.warn("{}: {} at offset 0x{} (not modelled)", device, what, Long.toHexString(offset));
        }
    }

    /** The distinct warnings so far, for tests. */
    int count() {
        return warned.size();
    }
}
