package dev.hvlab.bench.linux;

import java.util.List;

/**
 * One test of the Linux suite: a name (what {@code --workloads} selects and the guest's
 * {@code BEGIN}/{@code END} markers carry), one line for the reports, and the shell commands the
 * guest runs for it, iteration counts included.
 */
public record LinuxTest(String name, String description, List<String> commands) {
    public LinuxTest(String name, String description, String command) {
        this(name, description, List.of(command));
    }
}
