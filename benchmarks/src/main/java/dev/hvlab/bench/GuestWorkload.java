package dev.hvlab.bench;

import dev.hvlab.core.isa.A64;
import dev.hvlab.core.loader.ElfFile;
import dev.hvlab.core.loader.ElfFormatException;
import dev.hvlab.core.user.UserMode;
import dev.hvlab.core.user.UserProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The compiled C benchmark program (src/main/guest/workload.c, built with the Makefile beside it
 * and shipped as the resource {@code /guest/workload}), loaded as a user-mode process.
 */
public final class GuestWorkload {
    public static final String RESOURCE = "/guest/workload";

    private GuestWorkload() {
    }

    /** The ELF's bytes. */
    public static byte[] bytes() {
        try (InputStream in = GuestWorkload.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fresh process of the workload running {@code iterations} rounds, at its entry point, its
     * output discarded.
     */
    public static UserProcess newProcess(long iterations) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        try {
            ElfFile elf = ElfFile.parse("workload", bytes());
            return new UserProcess(elf, List.of("workload", Long.toString(iterations)), UserMode.Options.defaults(),
                    none, none, A64.decoder(), "/workload");
        } catch (ElfFormatException e) {
            throw new IllegalStateException("the benchmark workload is not a valid ELF", e);
        }
    }
}
