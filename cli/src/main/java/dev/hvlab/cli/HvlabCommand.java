package dev.hvlab.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code hvlab} command: global options and the list of subcommands. */
@Command(name = "hvlab", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A full-system ARMv8-A emulator of the NXP i.MX 8QuadMax for comparing hypervisors.",
        subcommands = {InfoCommand.class, BootCommand.class, UserCommand.class, RunCommand.class,
                CompareCommand.class, BenchCommand.class, DtbCommand.class, DisasmCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success", "1:runtime failure",
                "2:usage error: bad option or value, missing or invalid input file or config, or a feature that"
                        + " does not exist yet"})
public final class HvlabCommand implements Runnable {
    /** The log levels a user may choose, quietest first. */
    enum LogLevel { ERROR, WARN, INFO, DEBUG, TRACE }

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Log more: -v info, -vv debug, -vvv trace (default: warnings only).")
    boolean[] verbose = new boolean[0];

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            description = "Log level: ${COMPLETION-CANDIDATES}; overrides -v.")
    LogLevel logLevel;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error.")
    boolean debug;

    @Override
    public void run() {
        // No subcommand: show what there is.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The level chosen with --log-level or -v; warnings only by default. */
    LogLevel effectiveLogLevel() {
        if (logLevel != null) {
            return logLevel;
        }
        int index = LogLevel.WARN.ordinal() + verbose.length;
        return LogLevel.values()[Math.min(index, LogLevel.TRACE.ordinal())];
    }

    /** The process's standard input when running as the program, else null (in-process runs, tests). */
    java.io.InputStream stdin;

    void applyLogLevel() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(effectiveLogLevel().name()));
    }
}
