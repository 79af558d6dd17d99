package dev.hvlab.bench.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One domain's output read from Xen's console: Xen writes a domU's lines with the prefix
 * {@code (dN) } (guest_printk); this stream passes them on without it, line by line, so the
 * workload's own lines reach the runner's parser as the bare board prints them. Other lines
 * (Xen's own, other domains') pass unchanged.
 */
final class DomainConsole extends OutputStream {
    private final OutputStream out;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    DomainConsole(OutputStream out, int domid) {
        this.out = out;
        this.prefix = ("(d" + domid + ") ").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    private void flushLine() throws IOException {
        byte[] l = line.toByteArray();
        line.reset();
        int from = startsWithPrefix(l) ? prefix.length : 0;
        out.write(l, from, l.length - from);
    }

    private boolean startsWithPrefix(byte[] l) {
        if (l.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (l[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Passes a partial last line on (Xen flushes a domain's line at its newline or a full buffer). */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (line.size() > 0) {
            flushLine();
        }
        out.flush();
    }
}
