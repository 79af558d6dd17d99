package dev.hvlab.core.loader;

/** A guest image (kernel, initrd, ELF) that cannot be loaded; the message is one line naming the file. */
public class ImageFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImageFormatException(String message) {
        super(message);
    }
}
