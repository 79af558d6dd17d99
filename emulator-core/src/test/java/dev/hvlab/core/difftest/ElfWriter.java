package dev.hvlab.core.difftest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes a minimal static AArch64 ELF64 executable: the header, one program header per segment and
 * the segments at page-aligned file offsets. No section headers: loaders (the Linux kernel,
 * qemu-user) read only program headers.
 */
public final class ElfWriter {
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int PAGE = 0x1000;
    private static final short EM_AARCH64 = 183;

    /** A PT_LOAD segment; {@code memSize} larger than the data is zero-filled by the loader. */
    public record Segment(long vaddr, byte[] data, long memSize, int flags) {
        public Segment {
            if ((vaddr & (PAGE - 1)) != 0) {
                throw new IllegalArgumentException("segment address must be page-aligned");
            }
        }
    }

    private ElfWriter() {
    }

    public static byte[] write(long entry, List<Segment> segments) {
        long[] offsets = new long[segments.size()];
        long end = PAGE;
        for (int i = 0; i < segments.size(); i++) {
            offsets[i] = end;
            end += (segments.get(i).data().length + PAGE - 1) & -PAGE;
        }
        ByteBuffer b = ByteBuffer.allocate((int) end).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* little-endian */, 1 /* EV_CURRENT */, 0 /* SYSV ABI */});
        b.put(new byte[8]);
        b.putShort((short) 2);               // e_type = ET_EXEC
        b.putShort(EM_AARCH64);
        b.putInt(1);                         // e_version
        b.putLong(entry);
        b.putLong(EHDR_SIZE);                // e_phoff
        b.putLong(0);                        // e_shoff
        b.putInt(0);                         // e_flags
        b.putShort((short) EHDR_SIZE);
        b.putShort((short) PHDR_SIZE);
        b.putShort((short) segments.size());
        b.putShort((short) 64);              // e_shentsize
        b.putShort((short) 0);               // e_shnum
        b.putShort((short) 0);               // e_shstrndx
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            b.putInt(1);                     // PT_LOAD
            b.putInt(s.flags());
            b.putLong(offsets[i]);
            b.putLong(s.vaddr());
            b.putLong(s.vaddr());
            b.putLong(s.data().length);
            b.putLong(Math.max(s.memSize(), s.data().length));
            b.putLong(PAGE);
        }
        for (int i = 0; i < segments.size(); i++) {
            b.position((int) offsets[i]);
            b.put(segments.get(i).data());
        }
        return b.array();
    }
}
