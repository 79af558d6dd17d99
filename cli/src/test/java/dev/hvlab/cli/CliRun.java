package dev.hvlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One in-process run of {@code hvlab}, with its exit status and captured output. */
record CliRun(int status, String out, String err) {
    static CliRun hvlab(String... args) {
        CommandLine cmd = Hvlab.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Asserts the status, and that stderr is exactly one line with no stack trace; returns it. */
    String oneLineError(int expectedStatus) {
        assertEquals(expectedStatus, status, "exit status; stderr: " + err);
        assertTrue(err.endsWith(System.lineSeparator()), "stderr ends with a newline: " + err);
        String line = err.substring(0, err.length() - System.lineSeparator().length());
        assertFalse(line.contains("\n") || line.contains("\r"), "stderr is one line: " + err);
        assertFalse(line.contains("\tat ") || line.contains("Exception"), "no stack trace or exception name: " + err);
        return line;
    }
}
