package dev.hvlab.bench.linux;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The guest's console: keeps every byte and notes when a marker text has been printed (the
 * initramfs's line after the last command), so the runner can end the run there. A hypervisor may
 * not pass the guest's PSCI SYSTEM_OFF on (Jailhouse answers NOT_SUPPORTED, as the real one does).
 */
final class ConsoleWatch extends ByteArrayOutputStream {
    private final byte[] marker;
    private int matched;
    private volatile boolean seen;

    ConsoleWatch(String marker) {
        super(1 << 16);
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public synchronized void write(int b) {
        super.write(b);
        if (!seen) {
            byte c = (byte) b;
            matched = c == marker[matched] ? matched + 1 : (c == marker[0] ? 1 : 0);
            if (matched == marker.length) {
                seen = true;
            }
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            write(b[off + i]);
        }
    }

    boolean seen() {
        return seen;
    }
}
