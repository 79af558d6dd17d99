package dev.hvlab.core.mem;

/** Thrown by a device to make the access a synchronous external abort (a bus error). Preallocated: no stack trace. */
public final class BusErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final BusErrorException INSTANCE = new BusErrorException();

    private BusErrorException() {
        super("bus error", null, false, false);
    }
}
