package dev.hvlab.cli;

/** Keeps every error report to one line. */
final class Messages {
    private Messages() {
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
