package dev.hvlab.cli;

import picocli.CommandLine;

/** Builds the {@code hvlab} command line, with the error handling every subcommand shares. */
public final class Hvlab {
    private Hvlab() {
    }

    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new HvlabCommand());
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
