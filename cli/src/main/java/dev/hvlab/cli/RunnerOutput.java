package dev.hvlab.cli;

import dev.hvlab.core.config.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks shared by {@code hvlab run} and {@code hvlab compare} on their output directory and tolerance. */
final class RunnerOutput {
    private RunnerOutput() {
    }

    static void requireDirectory(Path out) {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserInputException("--out '" + out + "' exists and is not a directory");
        }
    }

    /** {@code 5%} or {@code 5} (percent), not negative. */
    static double tolerancePercent(String text) {
        String t = text.strip();
        if (t.endsWith("%")) {
            t = t.substring(0, t.length() - 1).strip();
        }
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new UserInputException("--tolerance '" + text + "' is not a percentage (e.g. 5%)");
        }
        if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            throw new UserInputException("--tolerance must not be negative, not " + text);
        }
        return v;
    }
}
