package dev.hvlab.core.semihosting;

/**
 * The bytes semihosting reads from the console (SYS_READ on the ":tt" input handle, SYS_READC).
 * Never blocks: {@link #read} returns -1 when no byte is available, which the guest sees as end of
 * file. To keep runs reproducible, the machine supplies either scripted bytes ({@link #of}) or host
 * input it releases at points of simulated time it chooses.
 */
@FunctionalInterface
public interface ConsoleInput {
    /** The next byte (0-255), or -1 when none is available. */
    int read();

    ConsoleInput EMPTY = () -> -1;

    /** A fixed script of input bytes. */
    static ConsoleInput of(byte[] bytes) {
        byte[] copy = bytes.clone();
        int[] next = {0};
        return () -> next[0] < copy.length ? copy[next[0]++] & 0xFF : -1;
    }
}
