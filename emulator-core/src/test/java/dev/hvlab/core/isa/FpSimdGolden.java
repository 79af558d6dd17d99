package dev.hvlab.core.isa;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * The golden file of the FP/AdvSIMD oracle (src/test/resources/fporacle/golden.bin.gz): one gzip
 * stream of a header (magic "HVFP", version, seed, count) and then per case its
 * {@link FpSimdCases#IN}-byte input record followed by qemu's {@link FpSimdCases#OUT}-byte
 * outcome, in which V0-V3, X0-X3 and NZCV are stored XORed with their inputs (mostly zeros: the
 * registers an instruction leaves alone), which halves the compressed size.
 */
final class FpSimdGolden {
    static final int MAGIC = 0x48564650; // "HVFP"
    static final int VERSION = 1;

    private FpSimdGolden() {
    }

    static OutputStream writer(Path file, long seed, int count) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new GZIPOutputStream(Files.newOutputStream(file), 1 << 16), 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(seed);
        out.writeInt(count);
        return out;
    }

    static void append(OutputStream golden, byte[] in, byte[] out, int n) throws IOException {
        byte[] o = new byte[FpSimdCases.OUT];
        for (int k = 0; k < n; k++) {
            System.arraycopy(out, k * FpSimdCases.OUT, o, 0, FpSimdCases.OUT);
            xorInputs(FpSimdCases.le(in), k, o);
            golden.write(in, k * FpSimdCases.IN, FpSimdCases.IN);
            golden.write(o);
        }
    }

    /** Toggles outcome record {@code o} of case {@code k} between stored and real form. */
    static void xorInputs(ByteBuffer in, int k, byte[] o) {
        ByteBuffer ob = FpSimdCases.le(o);
        int base = k * FpSimdCases.IN;
        for (int h = 0; h < 8; h++) {
            ob.putLong(8 * h, ob.getLong(8 * h) ^ in.getLong(base + 64 + 8 * h));
        }
        for (int x = 0; x < 4; x++) {
            ob.putLong(64 + 8 * x, ob.getLong(64 + 8 * x) ^ in.getLong(base + 16 + 8 * x));
        }
        ob.putLong(104, ob.getLong(104) ^ in.getLong(base + 48));
    }

    /** A golden file's cases: {@code in} and {@code out} hold {@code count} records each. */
    record Cases(long seed, int count, byte[] in, byte[] out) {
    }

    static Cases read(InputStream gz) throws IOException {
        DataInputStream d = new DataInputStream(new java.util.zip.GZIPInputStream(gz, 1 << 16));
        if (d.readInt() != MAGIC || d.readInt() != VERSION) {
            throw new IOException("not an FP oracle golden file of version " + VERSION);
        }
        long seed = d.readLong();
        int count = d.readInt();
        byte[] in = new byte[count * FpSimdCases.IN];
        byte[] out = new byte[count * FpSimdCases.OUT];
        byte[] o = new byte[FpSimdCases.OUT];
        ByteBuffer ib = FpSimdCases.le(in);
        for (int k = 0; k < count; k++) {
            d.readFully(in, k * FpSimdCases.IN, FpSimdCases.IN);
            d.readFully(o);
            xorInputs(ib, k, o);
            System.arraycopy(o, 0, out, k * FpSimdCases.OUT, FpSimdCases.OUT);
        }
        return new Cases(seed, count, in, out);
    }
}
