package dev.hvlab.core.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds small ELF64 AArch64 executables in memory, for tests: one R+X segment, optionally one RW. */
public final class TestElf {
    public static final long TEXT = 0x400000;
    public static final int CODE_OFFSET = 0x100;
    public static final long DATA = 0x410000;

    private TestElf() {
    }

    /** An executable whose code (instruction words) starts at TEXT+CODE_OFFSET, the entry point. */
    public static byte[] executable(int... code) {
        return executable(code, 0, 0);
    }

    /** With a RW data segment of {@code dataSize} zero bytes in the file plus {@code bssSize} more, at DATA. */
    public static byte[] executable(int[] code, int dataSize, int bssSize) {
        boolean data = dataSize + bssSize > 0;
        int textEnd = CODE_OFFSET + 4 * code.length;
        int dataOff = (textEnd + 0xFFF) & ~0xFFF;
        int size = data ? dataOff + dataSize : textEnd;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) ElfFile.ET_EXEC);
        b.putShort(18, (short) ElfFile.EM_AARCH64);
        b.putInt(20, 1);
        b.putLong(24, TEXT + CODE_OFFSET);
        b.putLong(32, 64);            // e_phoff
        b.putLong(40, 0);             // e_shoff
        b.putShort(52, (short) 64);   // e_ehsize
        b.putShort(54, (short) 56);   // e_phentsize
        b.putShort(56, (short) (data ? 2 : 1));
        b.putShort(58, (short) 64);   // e_shentsize
        phdr(b, 64, ElfFile.PF_R | ElfFile.PF_X, 0, TEXT, textEnd, textEnd);
        if (data) {
            phdr(b, 64 + 56, ElfFile.PF_R | ElfFile.PF_W, dataOff, DATA, dataSize, dataSize + bssSize);
        }
        for (int i = 0; i < code.length; i++) {
            b.putInt(CODE_OFFSET + 4 * i, code[i]);
        }
        return b.array();
    }

    private static void phdr(ByteBuffer b, int o, int flags, long off, long va, long filesz, long memsz) {
        b.putInt(o, ElfFile.PT_LOAD);
        b.putInt(o + 4, flags);
        b.putLong(o + 8, off);
        b.putLong(o + 16, va);
        b.putLong(o + 24, va);
        b.putLong(o + 32, filesz);
        b.putLong(o + 40, memsz);
        b.putLong(o + 48, 0x1000);
    }
}
