package dev.hvlab.core.config;

/**
 * A problem with what the user gave hvlab (a missing or unreadable file, an invalid config, an
 * unknown name) rather than a bug or a runtime failure. Its message is one complete line meant for
 * the user: it names the file or field and says what is wrong. The CLI prints it without a stack
 * trace and exits with the usage status (2).
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
