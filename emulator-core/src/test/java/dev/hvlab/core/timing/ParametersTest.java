package dev.hvlab.core.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every parameter has a source, and the cache geometry matches the i.MX 8QM configuration. */
class ParametersTest {
    @ParameterizedTest
    @ValueSource(strings = {"cortex-a72", "cortex-a53", "imx8qm-memory"})
    void everyValueNamesItsSource(String file) {
        Parameters p = Parameters.load(file);
        assertFalse(p.paths().isEmpty());
        for (String path : p.paths()) {
            assertFalse(p.source(path).isBlank(), file + ": " + path);
        }
    }

    @Test
    void imx8qmCacheConfiguration() {
        Parameters a72 = Parameters.load("cortex-a72");
        Parameters a53 = Parameters.load("cortex-a53");
        assertEquals(48 << 10, a72.intValue("caches.l1i.size"));
        assertEquals(32 << 10, a72.intValue("caches.l1d.size"));
        assertEquals(1 << 20, a72.intValue("caches.l2.size"));
        assertEquals(32 << 10, a53.intValue("caches.l1i.size"));
        assertEquals(32 << 10, a53.intValue("caches.l1d.size"));
        assertEquals(1 << 20, a53.intValue("caches.l2.size"));
        assertEquals("out-of-order", a72.text("pipeline.kind"));
        assertEquals("in-order", a53.text("pipeline.kind"));
        assertTrue(a72.value("pipeline.width") > a53.value("pipeline.width"));
    }

    /** A user override replaces one value, says so in its source, and must name an existing parameter. */
    @Test
    void anOverrideReplacesOneValueAndSaysSo() {
        Parameters a53 = Parameters.load("cortex-a53");
        double was = a53.value("system.exceptionEntry");
        Parameters slower = a53.with("system.exceptionEntry", was + 30);
        assertEquals(was + 30, slower.value("system.exceptionEntry"));
        assertEquals(was, a53.value("system.exceptionEntry"), "the original is unchanged");
        assertTrue(slower.source("system.exceptionEntry").startsWith("override"));
        assertThrows(IllegalArgumentException.class,
                () -> a53.with("system.exceptionEntri", 1));
        assertThrows(IllegalArgumentException.class,
                () -> ApproximateTiming.withOverrides(java.util.List.of("cortex-a99.system.exceptionEntry=1")));
    }
}
