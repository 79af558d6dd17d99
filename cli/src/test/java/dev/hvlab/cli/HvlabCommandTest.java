package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

class HvlabCommandTest {
    private static final List<String> SUBCOMMANDS =
            List.of("info", "boot", "user", "run", "compare", "bench", "dtb", "disasm");

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        CliRun r = hvlab("--help");
        assertEquals(0, r.status());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: hvlab"), r.out());
        for (String sub : SUBCOMMANDS) {
            assertTrue(r.out().contains("  " + sub + " "), "lists " + sub + ": " + r.out());
        }
        assertTrue(r.out().contains("2   usage error"), r.out());
    }

    @Test
    void noArgumentsShowsUsage() {
        CliRun r = hvlab();
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage: hvlab"), r.out());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : SUBCOMMANDS) {
            CliRun r = hvlab(sub, "--help");
            assertEquals(0, r.status(), sub);
            assertTrue(r.out().startsWith("Usage: hvlab " + sub), r.out());
            assertEquals(hvlab("--version").out(), hvlab(sub, "--version").out(), sub);
        }
    }

    @Test
    void versionComesFromThePom() {
        String version = System.getProperty("hvlab.version");
        assertTrue(version != null && !version.isEmpty(), "surefire passes the pom version");
        CliRun r = hvlab("--version");
        assertEquals(0, r.status());
        assertEquals("hvlab " + version + System.lineSeparator(), r.out());
    }

    @Test
    void unknownOptionIsOneLineWithStatus2() {
        String line = hvlab("--frobnicate").oneLineError(2);
        assertEquals("hvlab: Unknown option: '--frobnicate' (see 'hvlab --help')", line);
    }

    @Test
    void misspeltSubcommandOptionSuggestsTheRightOne() {
        String line = hvlab("boot", "--kernel", "Image", "--hypervisr", "xen").oneLineError(2);
        assertTrue(line.startsWith("hvlab boot: Unknown option") && line.contains("'--hypervisr'"), line);
        assertTrue(line.contains("did you mean --hypervisor"), line);
    }

    @Test
    void badValueIsAUsageError() {
        String line = hvlab("boot", "--kernel", "Image", "--cpus", "many").oneLineError(2);
        assertTrue(line.startsWith("hvlab boot: Invalid value for option '--cpus'"), line);
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        String line = hvlab("dtb").oneLineError(2);
        assertTrue(line.contains("--output"), line);
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        hvlab("frobnicate").oneLineError(2);
    }

    @Test
    void verbosityRaisesTheLogLevel() {
        assertEquals(HvlabCommand.LogLevel.WARN, parsed().effectiveLogLevel());
        assertEquals(HvlabCommand.LogLevel.INFO, parsed("-v", "info").effectiveLogLevel());
        assertEquals(HvlabCommand.LogLevel.DEBUG, parsed("info", "-vv").effectiveLogLevel());
        assertEquals(HvlabCommand.LogLevel.TRACE, parsed("-vvvvv", "info").effectiveLogLevel());
        assertEquals(HvlabCommand.LogLevel.ERROR, parsed("-vv", "--log-level", "error", "info").effectiveLogLevel());
    }

    @Test
    void logLevelIsApplied() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        try {
            assertEquals(0, hvlab("--log-level", "debug", "info").status());
            assertEquals(Level.DEBUG, root.getLevel());
            assertEquals(0, hvlab("info").status());
            assertEquals(Level.WARN, root.getLevel());
        } finally {
            root.setLevel(before);
        }
    }

    @Test
    void badLogLevelIsAUsageError() {
        String line = hvlab("--log-level", "loud", "info").oneLineError(2);
        assertTrue(line.contains("--log-level"), line);
    }

    private static HvlabCommand parsed(String... args) {
        CommandLine cmd = Hvlab.commandLine();
        cmd.parseArgs(args);
        return cmd.getCommand();
    }
}
