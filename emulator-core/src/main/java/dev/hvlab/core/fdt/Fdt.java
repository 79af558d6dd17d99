package dev.hvlab.core.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A flattened device tree: writes and reads the DTB format (Devicetree Specification v0.4,
 * chapter 5: header, memory reservation block, structure block, strings block; version 17).
 * Boards generate their tree from the same table that wires their devices; users may supply their
 * own DTB, which {@link #parse} validates with a one-line error for malformed input.
 */
public final class Fdt {
    private static final int MAGIC = 0xD00DFEED;
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int NOP = 4;
    private static final int END = 9;
    private static final int HEADER_SIZE = 40;

    private final FdtNode root;
    private final List<long[]> reservations = new ArrayList<>();
    private int bootCpuId;

    public Fdt() {
        this(new FdtNode(""));
    }

    private Fdt(FdtNode root) {
        this.root = root;
    }

    public FdtNode root() {
        return root;
    }

    /** Adds a /memreserve/ entry. */
    public void reserve(long address, long size) {
        reservations.add(new long[] {address, size});
    }

    public List<long[]> reservations() {
        return List.copyOf(reservations);
    }

    public void setBootCpuId(int id) {
        this.bootCpuId = id;
    }

    /** The node at a path such as {@code /cpus/cpu@0}, or null. */
    public FdtNode node(String path) {
        FdtNode n = root;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            n = n.find(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** Serialises the tree as a DTB blob. */
    public byte[] toDtb() {
        ByteArrayOutputStream struct = new ByteArrayOutputStream();
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        Map<String, Integer> stringOffsets = new HashMap<>();
        writeNode(root, struct, strings, stringOffsets);
        writeU32(struct, END);
        byte[] structBytes = struct.toByteArray();
        byte[] stringBytes = strings.toByteArray();

        int rsvOffset = HEADER_SIZE; // 8-byte aligned
        int rsvSize = (reservations.size() + 1) * 16;
        int structOffset = rsvOffset + rsvSize;
        int stringsOffset = structOffset + structBytes.length;
        int total = stringsOffset + stringBytes.length;
        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(MAGIC).putInt(total).putInt(structOffset).putInt(stringsOffset).putInt(rsvOffset)
                .putInt(17).putInt(16).putInt(bootCpuId).putInt(stringBytes.length).putInt(structBytes.length);
        for (long[] r : reservations) {
            b.putLong(r[0]).putLong(r[1]);
        }
        b.putLong(0).putLong(0);
        b.put(structBytes).put(stringBytes);
        return b.array();
    }

    private static void writeNode(FdtNode n, ByteArrayOutputStream out, ByteArrayOutputStream strings,
                                  Map<String, Integer> offsets) {
        writeU32(out, BEGIN_NODE);
        byte[] name = n.name().getBytes(StandardCharsets.US_ASCII);
        out.write(name, 0, name.length);
        out.write(0);
        pad(out);
        for (Map.Entry<String, byte[]> p : n.properties().entrySet()) {
            Integer off = offsets.get(p.getKey());
            if (off == null) {
                off = strings.size();
                byte[] s = p.getKey().getBytes(StandardCharsets.US_ASCII);
                strings.write(s, 0, s.length);
                strings.write(0);
                offsets.put(p.getKey(), off);
            }
            writeU32(out, PROP);
            writeU32(out, p.getValue().length);
            writeU32(out, off);
            out.write(p.getValue(), 0, p.getValue().length);
            pad(out);
        }
        for (FdtNode c : n.children()) {
            writeNode(c, out, strings, offsets);
        }
        writeU32(out, END_NODE);
    }

    private static void pad(ByteArrayOutputStream out) {
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    private static void writeU32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /**
     * Parses a DTB blob.
     *
     * @throws MalformedFdtException with a one-line reason when the blob is not a valid DTB
     */
    public static Fdt parse(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        if (blob.length < HEADER_SIZE) {
            throw new MalformedFdtException("too short for a device tree header (" + blob.length + " bytes)");
        }
        if (b.getInt(0) != MAGIC) {
            throw new MalformedFdtException(String.format("bad magic 0x%08x (expected 0xd00dfeed)", b.getInt(0)));
        }
        long total = Integer.toUnsignedLong(b.getInt(4));
        int structOff = b.getInt(8);
        int stringsOff = b.getInt(12);
        int rsvOff = b.getInt(16);
        int version = b.getInt(20);
        int stringsSize = b.getInt(32);
        int structSize = b.getInt(36);
        if (total > blob.length) {
            throw new MalformedFdtException("header says " + total + " bytes but the file has " + blob.length);
        }
        if (version < 16) {
            throw new MalformedFdtException("unsupported version " + version);
        }
        checkRange("structure block", structOff, structSize, total);
        checkRange("strings block", stringsOff, stringsSize, total);
        checkRange("memory reservation block", rsvOff, 16, total);
        Fdt fdt = new Fdt(new FdtNode(""));
        fdt.bootCpuId = b.getInt(28);
        int p = rsvOff;
        while (true) {
            if (p + 16 > total) {
                throw new MalformedFdtException("unterminated memory reservation block");
            }
            long addr = b.getLong(p);
            long size = b.getLong(p + 8);
            p += 16;
            if (addr == 0 && size == 0) {
                break;
            }
            fdt.reservations.add(new long[] {addr, size});
        }
        Parser parser = new Parser(blob, structOff, structOff + structSize, stringsOff, stringsSize);
        int tok = parser.token();
        if (tok != BEGIN_NODE) {
            throw new MalformedFdtException("structure block does not start with the root node");
        }
        parser.name();
        parser.node(fdt.root, 1);
        if (parser.token() != END) {
            throw new MalformedFdtException("missing FDT_END after the root node");
        }
        return fdt;
    }

    private static void checkRange(String what, long off, long size, long total) {
        if (off < 0 || size < 0 || off + size > total) {
            throw new MalformedFdtException(what + " lies outside the blob");
        }
    }

    private static final class Parser {
        private final byte[] blob;
        private final int end;
        private final int stringsOff;
        private final int stringsSize;
        private int pos;

        Parser(byte[] blob, int start, int end, int stringsOff, int stringsSize) {
            this.blob = blob;
            this.pos = start;
            this.end = end;
            this.stringsOff = stringsOff;
            this.stringsSize = stringsSize;
        }

        int token() {
            while (true) {
                int t = u32();
                if (t != NOP) {
                    return t;
                }
            }
        }

        int u32() {
            if (pos + 4 > end) {
                throw new MalformedFdtException("structure block ends early");
            }
            int v = ((blob[pos] & 0xFF) << 24) | ((blob[pos + 1] & 0xFF) << 16) | ((blob[pos + 2] & 0xFF) << 8)
                    | (blob[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        String name() {
            int start = pos;
            while (pos < end && blob[pos] != 0) {
                pos++;
            }
            if (pos >= end) {
                throw new MalformedFdtException("unterminated node name");
            }
            String s = new String(blob, start, pos - start, StandardCharsets.US_ASCII);
            pos = (pos + 1 + 3) & ~3;
            return s;
        }

        void node(FdtNode n, int depth) {
            if (depth > 64) {
                throw new MalformedFdtException("nodes nested deeper than 64 levels");
            }
            while (true) {
                int t = token();
                switch (t) {
                    case PROP -> {
                        int len = u32();
                        int nameOff = u32();
                        if (len < 0 || pos + len > end) {
                            throw new MalformedFdtException("property value runs past the structure block");
                        }
                        if (nameOff < 0 || nameOff >= stringsSize) {
                            throw new MalformedFdtException("property name offset " + nameOff + " outside the strings block");
                        }
                        int s = stringsOff + nameOff;
                        int e = s;
                        while (e < stringsOff + stringsSize && blob[e] != 0) {
                            e++;
                        }
                        String pname = new String(blob, s, e - s, StandardCharsets.US_ASCII);
                        byte[] v = new byte[len];
                        System.arraycopy(blob, pos, v, 0, len);
                        pos = (pos + len + 3) & ~3;
                        n.bytes(pname, v);
                    }
                    case BEGIN_NODE -> node(n.child(name()), depth + 1);
                    case END_NODE -> {
                        return;
                    }
                    default -> throw new MalformedFdtException("unexpected token " + t + " in the structure block");
                }
            }
        }
    }
}
