package dev.hvlab.core.tools;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * External programs hvlab uses as oracles or helpers (qemu-aarch64, aarch64-linux-gnu-objdump,
 * dtc, gdb-multiarch ...), found on the PATH. Tests that need one skip themselves visibly:
 * {@code assumeTrue(ExternalTool.isInstalled("dtc"), ExternalTool.notInstalled("dtc"))}.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** The executable called {@code name} on the PATH, if there is one. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null || name.contains("/")) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static boolean isInstalled(String name) {
        return find(name).isPresent();
    }

    /** The reason to give when skipping for want of {@code name}. */
    public static String notInstalled(String name) {
        return name + " not installed (not on the PATH); .ci/run installs it";
    }
}
