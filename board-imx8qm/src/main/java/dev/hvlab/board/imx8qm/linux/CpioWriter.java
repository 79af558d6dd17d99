package dev.hvlab.board.imx8qm.linux;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "new ASCII" (newc) format, the one the Linux kernel unpacks as an
 * initramfs (Documentation/driver-api/early-userspace/buffer-format.rst): per entry a 110-byte
 * header of "070701" and thirteen 8-digit hex fields, the NUL-terminated name padded to 4 bytes,
 * the data padded to 4 bytes; the archive ends with the entry "TRAILER!!!".
 *
 * <p>Owner and group are root, every mtime is 0 and inode numbers count up, so the same entries
 * give the same bytes; device nodes need no privilege, as the kernel creates them while unpacking.
 */
public final class CpioWriter {
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;

    private final OutputStream out;
    private long written;
    private int nextInode = 1;
    private boolean finished;

    public CpioWriter(OutputStream out) {
        this.out = out;
    }

    /** A directory; {@code path} is relative to the archive root ("dev", "usr/bin"). */
    public void directory(String path, int permissions) throws IOException {
        entry(path, S_IFDIR | permissions, 2, 0, 0, new byte[0]);
    }

    public void file(String path, int permissions, byte[] data) throws IOException {
        entry(path, S_IFREG | permissions, 1, 0, 0, data);
    }

    /** A symbolic link whose data is its target. */
    public void symlink(String path, String target) throws IOException {
        entry(path, S_IFLNK | 0777, 1, 0, 0, target.getBytes(StandardCharsets.UTF_8));
    }

    public void characterDevice(String path, int permissions, int major, int minor) throws IOException {
        entry(path, S_IFCHR | permissions, 1, major, minor, new byte[0]);
    }

    /** Writes the trailer entry; the stream is left open. */
    public void finish() throws IOException {
        if (!finished) {
            header("TRAILER!!!", 0, 0, 1, 0, 0, 0);
            finished = true;
        }
    }

    private void entry(String path, int mode, int nlink, int rdevMajor, int rdevMinor, byte[] data) throws IOException {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("cpio path must be relative, without a trailing '/': '" + path + "'");
        }
        header(path, nextInode++, mode, nlink, data.length, rdevMajor, rdevMinor);
        out.write(data);
        written += data.length;
        pad();
    }

    private void header(String name, int inode, int mode, int nlink, int size, int rdevMajor, int rdevMinor)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110).append("070701");
        // c_ino, c_mode, c_uid, c_gid, c_nlink, c_mtime, c_filesize, c_devmajor, c_devminor,
        // c_rdevmajor, c_rdevminor, c_namesize (with the NUL), c_check (0: no checksum)
        for (long field : new long[] {inode, mode, 0, 0, nlink, 0, size, 0, 0, rdevMajor, rdevMinor,
                nameBytes.length + 1, 0}) {
            h.append(String.format("%08x", field));
        }
        out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(nameBytes);
        out.write(0);
        written += 110 + nameBytes.length + 1;
        pad();
    }

    private void pad() throws IOException {
        while ((written & 3) != 0) {
            out.write(0);
            written++;
        }
    }
}
