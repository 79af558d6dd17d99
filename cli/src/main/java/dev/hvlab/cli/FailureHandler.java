package dev.hvlab.cli;

import dev.hvlab.core.config.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * An exception out of a subcommand: one line on stderr naming the command and the problem. User
 * errors exit with 2, anything else with 1. The stack trace only with --debug.
 */
final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        boolean debug = ((HvlabCommand) cmd.getCommandSpec().root().userObject()).debug;
        int status;
        if (ex instanceof UserInputException || ex instanceof NotImplementedYet) {
            err.println(name + ": " + Messages.oneLine(ex.getMessage()));
            status = ExitCodes.USAGE;
        } else if (ex instanceof IOException || ex instanceof UncheckedIOException) {
            Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            err.println(name + ": I/O error: " + Messages.oneLine(String.valueOf(io.getMessage()))
                    + (debug ? "" : " (--debug shows the stack trace)"));
            status = ExitCodes.FAILURE;
        } else {
            err.println(name + ": internal error: " + Messages.oneLine(ex.toString())
                    + (debug ? "" : " (--debug shows the stack trace)"));
            status = ExitCodes.FAILURE;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }
}
