package dev.hvlab.core.user;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The process's file descriptors, kept deliberately small and safe: 0 reads the given input,
 * 1 and 2 write to the given streams, and host files may be opened read-only (a program reading
 * its input). Nothing can be created, written or deleted on the host.
 */
final class FileDescriptors {
    static final int O_ACCMODE = 3;
    static final int O_CREAT = 0100;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    /** Cap of one read or write, like the kernel's MAX_RW_COUNT (a short count is always legal). */
    static final int MAX_RW = 1 << 24;

    // st_mode bits (include/uapi/linux/stat.h).
    static final int S_IFIFO = 0010000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;

    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final boolean[] stdClosed = new boolean[3];
    private final Map<Integer, OpenFile> files = new HashMap<>();

    private record OpenFile(Path path, FileChannel channel) {
    }

    FileDescriptors(InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private boolean isStd(int fd) {
        return fd >= 0 && fd < 3 && !stdClosed[fd];
    }

    boolean isOpen(int fd) {
        return isStd(fd) || files.containsKey(fd);
    }

    /** write(2) on an already copied buffer: bytes written or -errno. */
    long write(int fd, byte[] b) {
        if (fd == 1 && isStd(1) || fd == 2 && isStd(2)) {
            PrintStream s = fd == 1 ? stdout : stderr;
            s.write(b, 0, b.length);
            s.flush();
            return b.length;
        }
        return -Errno.EBADF; // stdin and host files are open for reading only
    }

    /** read(2) into a new buffer of at most {@code count} bytes; null with {@code err[0]} = errno. */
    byte[] read(int fd, long count, long position, int[] err) {
        int n = (int) Math.min(Math.max(count, 0), MAX_RW);
        byte[] buf = new byte[n];
        try {
            int got;
            if (fd == 0 && isStd(0)) {
                if (position >= 0) {
                    err[0] = Errno.ESPIPE;
                    return null;
                }
                got = n == 0 ? 0 : stdin.read(buf, 0, n);
            } else {
                OpenFile f = files.get(fd);
                if (f == null) {
                    err[0] = Errno.EBADF;
                    return null;
                }
                got = position >= 0 ? f.channel.read(ByteBuffer.wrap(buf), position) : f.channel.read(ByteBuffer.wrap(buf));
            }
            got = Math.max(got, 0);
            byte[] out = new byte[got];
            System.arraycopy(buf, 0, out, 0, got);
            return out;
        } catch (IOException e) {
            err[0] = Errno.EIO;
            return null;
        }
    }

    /** openat(2) for reading only; {@code path} is resolved against the host's current directory. */
    long open(String path, int flags) {
        if ((flags & O_ACCMODE) != 0 || (flags & (O_CREAT | O_TRUNC | O_APPEND)) != 0) {
            return -Errno.EACCES;
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            return -Errno.ENOENT;
        }
        if (Files.isDirectory(p)) {
            return -Errno.EACCES; // directories cannot be listed (no getdents64)
        }
        if (!Files.isRegularFile(p)) {
            return -Errno.ENOENT;
        }
        int fd = 3;
        while (files.containsKey(fd)) {
            fd++;
        }
        if (fd >= 1024) {
            return -Errno.EMFILE;
        }
        try {
            files.put(fd, new OpenFile(p, FileChannel.open(p, StandardOpenOption.READ)));
        } catch (IOException | SecurityException e) {
            return -Errno.EACCES;
        }
        return fd;
    }

    long close(int fd) {
        if (isStd(fd)) {
            stdClosed[fd] = true;
            return 0;
        }
        OpenFile f = files.remove(fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            f.channel.close();
        } catch (IOException e) {
            return -Errno.EIO;
        }
        return 0;
    }

    long lseek(int fd, long offset, int whence) {
        if (isStd(fd)) {
            return -Errno.ESPIPE;
        }
        OpenFile f = files.get(fd);
        if (f == null) {
            return -Errno.EBADF;
        }
        try {
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> f.channel.position();
                case 2 -> f.channel.size();
                default -> -1;
            };
            if (base < 0 || base + offset < 0) {
                return -Errno.EINVAL;
            }
            f.channel.position(base + offset);
            return base + offset;
        } catch (IOException e) {
            return -Errno.EIO;
        }
    }

    /** The st_mode and st_size of an open descriptor, or null (EBADF). */
    long[] stat(int fd) {
        if (isStd(fd)) {
            return new long[] {S_IFIFO | 0600, 0};
        }
        OpenFile f = files.get(fd);
        if (f == null) {
            return null;
        }
        return statPath(f.path);
    }

    /** The st_mode and st_size of a host path, or null (ENOENT). */
    static long[] statPath(Path p) {
        try {
            if (Files.isDirectory(p)) {
                return new long[] {S_IFDIR | 0555, 4096};
            }
            if (Files.isRegularFile(p)) {
                return new long[] {S_IFREG | 0444, Files.size(p)};
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        return null;
    }

    /** Closes the host files still open when the process ends. */
    void closeAll() {
        for (OpenFile f : files.values()) {
            try {
                f.channel.close();
            } catch (IOException e) {
                // nothing to do at exit
            }
        }
        files.clear();
    }
}
