package dev.hvlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.IOException;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** Runtime failures: status 1, one line, the stack trace only with --debug. */
class FailureHandlerTest {
    private static String handle(Exception ex, int expectedStatus, String... args) {
        CommandLine root = Hvlab.commandLine();
        StringWriter err = new StringWriter();
        root.setErr(new PrintWriter(err, true));
        root.parseArgs(args);
        CommandLine info = root.getSubcommands().get("info");
        assertEquals(expectedStatus, new FailureHandler().handleExecutionException(ex, info, null));
        return err.toString();
    }

    @Test
    void internalErrorIsOneLineWithoutTrace() {
        String err = handle(new IllegalStateException("boom"), 1, "info");
        assertEquals("hvlab info: internal error: java.lang.IllegalStateException: boom"
                + " (--debug shows the stack trace)" + System.lineSeparator(), err);
    }

    @Test
    void ioErrorIsOneLine() {
        String err = handle(new UncheckedIOException(new IOException("disk full")), 1, "info");
        assertEquals("hvlab info: I/O error: disk full (--debug shows the stack trace)" + System.lineSeparator(), err);
    }

    @Test
    void debugPrintsTheStackTrace() {
        String err = handle(new IllegalStateException("boom"), 1, "info", "--debug");
        assertTrue(err.startsWith("hvlab info: internal error: java.lang.IllegalStateException: boom"
                + System.lineSeparator()), err);
        assertTrue(err.contains("\tat dev.hvlab.cli.FailureHandlerTest"), err);
    }
}
