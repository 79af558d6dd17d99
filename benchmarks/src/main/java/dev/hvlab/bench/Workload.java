package dev.hvlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A bare-metal workload: an ELF image built from src/main/guest/bare (committed under
 * {@code /guest/bare/NAME.elf}), which prints RESULT/HIST lines on the console (docs/WORKLOADS.md).
 *
 * @param name        the name users type ({@code hvlab run NAME})
 * @param description one line for {@code hvlab info} and the reports
 * @param cpus        how many CPUs it uses (the board must have at least as many)
 */
public record Workload(String name, String description, int cpus) {
    /** The image's class-path resource. */
    public String resource() {
        return "/guest/bare/" + name + ".elf";
    }

    /** The image's bytes. */
    public byte[] image() {
        try (InputStream in = Workload.class.getResourceAsStream(resource())) {
            if (in == null) {
                throw new IllegalStateException(resource() + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
