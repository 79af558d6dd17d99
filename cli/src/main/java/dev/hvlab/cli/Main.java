package dev.hvlab.cli;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Hvlab.commandLine(System.in).execute(args));
    }
}
