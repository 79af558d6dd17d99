package dev.hvlab.cli;

import picocli.CommandLine;

/** Builds the {@code hvlab} command line, with the error handling every subcommand shares. */
public final class Hvlab {
    private Hvlab() {
    }

    /** The command line of an in-process run: no console input. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The command line of the program, whose guests' consoles read {@code stdin}. */
    public static CommandLine commandLine(java.io.InputStream stdin) {
        HvlabCommand top = new HvlabCommand();
        top.stdin = stdin;
        CommandLine cmd = new CommandLine(top);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setExecutionExceptionHandler(new FailureHandler());
        cmd.setExecutionStrategy(parseResult -> {
            ((HvlabCommand) cmd.getCommand()).applyLogLevel();
            return new CommandLine.RunLast().execute(parseResult);
        });
        // Everything after the guest program belongs to the guest, options included.
        cmd.getSubcommands().get("user").setStopAtPositional(true);
        return cmd;
    }
}
