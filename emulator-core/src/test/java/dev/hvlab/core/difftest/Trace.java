package dev.hvlab.core.difftest;

import java.util.List;

/**
 * What one engine did with a {@link Program}: the state before every instruction from the end of
 * the prologue on, how the program ended, and what it wrote to stdout.
 *
 * @param states      one {@link State} array per instruction, in execution order
 * @param termination the exit status as a shell reports it: the exit code, or 128 + signal
 * @param stdout      the bytes written to file descriptor 1
 */
public record Trace(List<long[]> states, int termination, byte[] stdout) {
    public static String describe(int termination) {
        if (termination < 128) {
            return "exit(" + termination + ")";
        }
        int sig = termination - 128;
        return switch (sig) {
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 7 -> "SIGBUS";
            case 11 -> "SIGSEGV";
            default -> "signal " + sig;
        };
    }
}
