package dev.hvlab.cli;

import java.io.OutputStream;
import java.io.PrintWriter;

/** The guest's serial bytes to the command's output writer, one byte a character, flushed at each newline. */
final class WriterOutputStream extends OutputStream {
    private final PrintWriter out;

    WriterOutputStream(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void write(int b) {
        out.write((char) (b & 0xFF));
        if (b == '\n') {
            out.flush();
        }
    }

    @Override
    public void flush() {
        out.flush();
    }
}
