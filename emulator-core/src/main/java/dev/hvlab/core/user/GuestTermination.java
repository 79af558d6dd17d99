package dev.hvlab.core.user;

/**
 * Ends a user-mode run from deep inside the CPU loop: exit/exit_group, a fatal signal, or a limit
 * of the emulation. Carries the exit status a shell would see ({@code 128 + signal} for a signal).
 */
final class GuestTermination extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    GuestTermination(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }
}
