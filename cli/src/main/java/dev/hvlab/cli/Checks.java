package dev.hvlab.cli;

import dev.hvlab.core.config.UserInputException;

/** Value checks picocli's types do not express. */
final class Checks {
    private Checks() {
    }

    static long positive(long value, String option) {
        if (value <= 0) {
            throw new UserInputException(option + " must be positive, not " + value);
        }
        return value;
    }
}
