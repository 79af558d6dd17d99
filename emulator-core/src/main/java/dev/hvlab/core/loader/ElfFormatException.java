package dev.hvlab.core.loader;

/**
 * A file that is not a well-formed ELF64 little-endian AArch64 image. The message is one line meant
 * for the user ("prog: truncated program header"), naming the file as it was given.
 */
public final class ElfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
