package dev.hvlab.cli;

/** The exit statuses of {@code hvlab}, documented in README.md. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A runtime failure: the input was acceptable but the work failed. */
    public static final int FAILURE = 1;
    /**
     * A usage error: an unknown option, a bad value, a missing or unreadable file, an invalid
     * config, or a feature that does not exist yet.
     */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
