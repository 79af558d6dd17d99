package dev.hvlab.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hvlab.core.config.UserInputException;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    @Test
    void coreAloneDiscoversNothing() {
        // The core ships no board and no hypervisor model: those come from their own modules.
        assertEquals(0, Providers.hypervisors().size());
        assertEquals(0, Providers.boards().size());
    }

    @Test
    void unknownNameIsAUserError() {
        var e = assertThrows(UserInputException.class, () -> Providers.hypervisor("xen"));
        assertEquals("unknown hypervisor model 'xen' (known: none)", e.getMessage());
    }
}
