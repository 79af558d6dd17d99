package dev.hvlab.core.difftest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Recorded QEMU results, replayable without QEMU: per program its seed, code and initial data,
 * then QEMU's states as compact deltas (only what changed; PC only when it is not the next word),
 * its termination and stdout. The file is one gzip stream of such records.
 */
public final class GoldenFile {
    private static final int MAGIC = 0x48564454; // "HVDT"
    private static final int VERSION = 1;
    private static final int PC_EXPLICIT = 0x10;

    /** One recorded program and what QEMU did with it. */
    public record Entry(Program program, Trace trace) {
    }

    private GoldenFile() {
    }

    public static void write(OutputStream os, List<Entry> entries) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(os)))) {
            for (Entry e : entries) {
                writeEntry(out, e);
            }
        }
    }

    private static void writeEntry(DataOutputStream out, Entry e) throws IOException {
        Program p = e.program();
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(p.seed());
        out.writeInt(p.prologueLength());
        out.writeInt(p.code().length);
        for (int w : p.code()) {
            out.writeInt(w);
        }
        out.writeInt(p.data().length);
        out.write(p.data());
        List<long[]> states = e.trace().states();
        out.writeInt(states.size());
        long[] prev = null;
        for (long[] s : states) {
            if (prev == null) {
                for (long v : s) {
                    out.writeLong(v);
                }
            } else {
                int mask = 0;
                for (int r = 0; r < 32; r++) {
                    if (s[r] != prev[r]) {
                        mask |= 1 << r;
                    }
                }
                boolean pcExplicit = s[State.PC] != prev[State.PC] + 4;
                out.writeInt(mask);
                out.writeByte((int) s[State.NZCV] | (pcExplicit ? PC_EXPLICIT : 0));
                if (pcExplicit) {
                    out.writeLong(s[State.PC]);
                }
                for (int r = 0; r < 32; r++) {
                    if ((mask & (1 << r)) != 0) {
                        out.writeLong(s[r]);
                    }
                }
            }
            prev = s;
        }
        out.writeInt(e.trace().termination());
        out.writeInt(e.trace().stdout().length);
        out.write(e.trace().stdout());
    }

    public static List<Entry> read(InputStream is) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(is)))) {
            while (true) {
                int magic;
                try {
                    magic = in.readInt();
                } catch (EOFException end) {
                    return out;
                }
                if (magic != MAGIC || in.readInt() != VERSION) {
                    throw new IOException("not a version " + VERSION + " difftest golden record");
                }
                out.add(readEntry(in));
            }
        }
    }

    private static Entry readEntry(DataInputStream in) throws IOException {
        long seed = in.readLong();
        int prologue = in.readInt();
        int[] code = new int[in.readInt()];
        for (int i = 0; i < code.length; i++) {
            code[i] = in.readInt();
        }
        byte[] data = new byte[Program.DATA_SIZE];
        in.readFully(data, 0, in.readInt());
        int n = in.readInt();
        List<long[]> states = new ArrayList<>(n);
        long[] prev = null;
        for (int i = 0; i < n; i++) {
            long[] s = new long[State.SIZE];
            if (prev == null) {
                for (int r = 0; r < State.SIZE; r++) {
                    s[r] = in.readLong();
                }
            } else {
                int mask = in.readInt();
                int b = in.readUnsignedByte();
                s[State.NZCV] = b & 0xF;
                s[State.PC] = (b & PC_EXPLICIT) != 0 ? in.readLong() : prev[State.PC] + 4;
                for (int r = 0; r < 32; r++) {
                    s[r] = (mask & (1 << r)) != 0 ? in.readLong() : prev[r];
                }
            }
            states.add(s);
            prev = s;
        }
        int termination = in.readInt();
        byte[] stdout = new byte[in.readInt()];
        in.readFully(stdout);
        return new Entry(new Program(seed, code, prologue, data), new Trace(states, termination, stdout));
    }
}
