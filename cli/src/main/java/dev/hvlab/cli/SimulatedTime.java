package dev.hvlab.cli;

import dev.hvlab.core.config.UserInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A duration of simulated time on the command line: {@code 10ms}, {@code 2s}, {@code 500us}, {@code 100ns}. */
final class SimulatedTime {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|ms|us|ns)");

    private SimulatedTime() {
    }

    /** The duration in picoseconds; a malformed value is a user error naming {@code option}. */
    static long parsePs(String text, String option) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new UserInputException(option + " '" + text + "': expected a number and a unit (s, ms, us, ns), e.g. 10ms");
        }
        long unit = switch (m.group(2)) {
            case "s" -> 1_000_000_000_000L;
            case "ms" -> 1_000_000_000L;
            case "us" -> 1_000_000L;
            default -> 1_000L;
        };
        try {
            long v = Long.parseLong(m.group(1));
            if (v <= 0) {
                throw new UserInputException(option + " must be positive, not " + text);
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UserInputException(option + " '" + text + "' is too large");
        }
    }
}
