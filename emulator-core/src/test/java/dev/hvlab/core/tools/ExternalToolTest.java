package dev.hvlab.core.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExternalToolTest {
    @Test
    void findsAProgramOnThePath() {
        assertTrue(ExternalTool.isInstalled("sh"), "every POSIX system has sh on the PATH");
    }

    @Test
    void doesNotFindAMissingProgram() {
        assertFalse(ExternalTool.isInstalled("hvlab-no-such-tool"));
        assertFalse(ExternalTool.isInstalled("/bin/sh"), "a path is not a tool name");
    }

    @Test
    void reasonNamesTheTool() {
        assertTrue(ExternalTool.notInstalled("dtc").startsWith("dtc not installed"));
    }
}
