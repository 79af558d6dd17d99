package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With valid inputs, a subcommand whose feature is missing says so, naming its issue. */
class NotImplementedYetTest {
    @TempDir
    Path dir;

    @Test
    void eachPendingSubcommandNamesItsIssue() throws IOException {
        assertEquals("hvlab bench: not implemented yet (issue 12)", hvlab("bench").oneLineError(2));
    }
}
