package dev.hvlab.core.gic;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named warnings, each logged once per device: a guest touching a reserved offset, an unsupported
 * access size or a feature the model leaves out (LPIs) is told about once, not on every access.
 */
final class RegisterWarnings {
    private final Logger log;
    private final String device;
    private final Set<String> seen = new HashSet<>();

    RegisterWarnings(Class<?> owner, String device) {
        this.log = LoggerFactory.getLogger(owner);
        this.device = device;
    }

    /** Logs {@code what} the first time {@code key} is seen. */
    void once(String key, String what) {
        if (seen.add(key)) {
            log.warn("{}: {}", device, what);
        }
    }

    void reserved(long offset, boolean write) {
        once("reserved@" + offset, String.format("%s of reserved offset 0x%x (RAZ/WI)", write ? "write" : "read", offset));
    }

    void badSize(long offset, int size) {
        once("size" + size + "@" + offset,
                String.format("unsupported %d-byte access at offset 0x%x (RAZ/WI)", size, offset));
    }

    /** For tests: whether {@code key} was warned about. */
    boolean warned(String key) {
        return seen.contains(key);
    }
}
