package dev.hvlab.core.fdt;

/** A device tree blob that is not valid; the message is one line fit for the user. */
public final class MalformedFdtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedFdtException(String message) {
        super(message);
    }
}
