package dev.hvlab.cli;

/**
 * Thrown by a subcommand whose feature does not exist yet, after it has validated its inputs.
 * Reported as one plain line naming the issue that brings the feature, with the usage status.
 */
final class NotImplementedYet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotImplementedYet(int issue) {
        super("not implemented yet (issue " + issue + ")");
    }
}
