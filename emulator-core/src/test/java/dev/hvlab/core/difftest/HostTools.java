package dev.hvlab.core.difftest;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the external oracles (qemu-aarch64, binutils) on the PATH, so tests can skip visibly without them. */
public final class HostTools {
    private HostTools() {
    }

    /** The tool's path, or null when it is not installed. */
    public static Path find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    public static boolean exists(String name) {
        return find(name) != null;
    }
}
