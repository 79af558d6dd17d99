package dev.hvlab.board.imx8qm.linux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the initramfs (a gzip-compressed newc cpio) that boots a Debian arm64 kernel to a shell:
 * Debian's static busybox, rt-tests' cyclictest and hackbench with the shared libraries they load,
 * /dev/console, and an /init script that mounts proc, sysfs, devtmpfs and a tmpfs on /dev/shm
 * (cyclictest -m locks memory and keeps its state there), prints {@link #MARKER}, then either runs
 * the given shell commands and powers off, or starts an interactive shell on the console and
 * powers off when it exits. {@code poweroff -f} reaches the EL3 firmware as PSCI SYSTEM_OFF.
 *
 * <p>The files come from the tree {@code scripts/fetch-debian-guest.sh} unpacks
 * ({@code cache/debian-guest/root}); nothing of them is in the repository.
 */
public final class Initramfs {
    /** The line /init prints once the file systems are mounted, before the commands or the shell. */
    public static final String MARKER = "hvlab-linux: init ready";
    /** The line /init prints after the last command, before powering off. */
    public static final String DONE = "hvlab-linux: commands done";

    /** The guest's files, relative to the unpacked Debian root; symbolic links are kept as links. */
    static final List<String> GUEST_FILES = List.of(
            "bin/busybox",
            "usr/bin/cyclictest",
            "usr/bin/hackbench",
            "lib/ld-linux-aarch64.so.1",
            "lib/aarch64-linux-gnu/ld-linux-aarch64.so.1",
            "lib/aarch64-linux-gnu/libc.so.6",
            "lib/aarch64-linux-gnu/libm.so.6",
            "lib/aarch64-linux-gnu/libpthread.so.0",
            "lib/aarch64-linux-gnu/librt.so.1",
            "lib/aarch64-linux-gnu/libdl.so.2",
            "usr/lib/aarch64-linux-gnu/libnuma.so.1");

    /**
     * The standard kernel's virtio-mmio transport and virtio console modules, when the tree has them
     * (scripts/fetch-debian-guest.sh keeps them): /init loads them when the device tree describes a
     * virtio-mmio device (a KVM guest's virtio console, hvc0) and moves its own output there.
     */
    static final List<String> VIRTIO_MODULES = List.of(
            "lib/hvlab-modules/virtio_mmio.ko",
            "lib/hvlab-modules/virtio_console.ko");

    private Initramfs() {
    }

    /**
     * The cpio.gz for the Debian tree at {@code root}: an interactive shell when {@code commands} is
     * empty, otherwise a script of those lines run by busybox sh, then power-off.
     */
    public static byte[] build(Path root, List<String> commands) throws IOException {
        return build(root, commands, Map.of());
    }

    /**
     * As {@link #build(Path, List)}, with {@code extraFiles} (path relative to / to contents) added
     * as executables, e.g. the Linux workload suite's programs.
     */
    public static byte[] build(Path root, List<String> commands, Map<String, byte[]> extraFiles) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 << 20);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 1 << 16)) {
            CpioWriter cpio = new CpioWriter(gz);
            Set<String> dirs = new LinkedHashSet<>();
            for (String d : List.of("bin", "sbin", "usr/bin", "usr/sbin", "lib", "proc", "sys", "dev", "tmp",
                    "etc", "root", "hvlab")) {
                directories(cpio, dirs, d);
            }
            cpio.characterDevice("dev/console", 0600, 5, 1);
            cpio.characterDevice("dev/null", 0666, 1, 3);
            for (String f : GUEST_FILES) {
                copy(cpio, dirs, root, f);
            }
            for (String f : VIRTIO_MODULES) {
                if (Files.isRegularFile(root.resolve(f))) {
                    copy(cpio, dirs, root, f);
                }
            }
            for (Map.Entry<String, byte[]> e : new TreeMap<>(extraFiles).entrySet()) {
                String parent = parentOf(e.getKey());
                if (parent != null) {
                    directories(cpio, dirs, parent);
                }
                cpio.file(e.getKey(), 0755, e.getValue());
            }
            cpio.file("init", 0755, initScript().getBytes(StandardCharsets.UTF_8));
            if (!commands.isEmpty()) {
                cpio.file("hvlab/commands", 0755, (String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            cpio.file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            cpio.file("etc/group", 0644, "root:x:0:\n".getBytes(StandardCharsets.UTF_8));
            cpio.finish();
        }
        return bytes.toByteArray();
    }

    /** The /init script: busybox sh, run by the kernel through binfmt_script. */
    static String initScript() {
        return String.join("\n",
                "#!/bin/busybox sh",
                "# hvlab initramfs: mount the kernel's file systems, then run /hvlab/commands or a shell.",
                "/bin/busybox mount -t proc proc /proc",
                "/bin/busybox --install -s",
                "export PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "export LD_LIBRARY_PATH=/lib/aarch64-linux-gnu:/usr/lib/aarch64-linux-gnu",
                "export HOME=/root",
                "mount -t sysfs sysfs /sys",
                "mount -t devtmpfs devtmpfs /dev",
                "mkdir -p /dev/shm /dev/pts",
                "mount -t tmpfs -o mode=1777 tmpfs /dev/shm",
                "mount -t tmpfs tmpfs /tmp",
                "if ls /sys/firmware/devicetree/base 2>/dev/null | grep -q '^virtio_mmio@' \\",
                "        && [ -f /lib/hvlab-modules/virtio_console.ko ]; then",
                "    insmod /lib/hvlab-modules/virtio_mmio.ko",
                "    insmod /lib/hvlab-modules/virtio_console.ko",
                "    n=0; while [ ! -c /dev/hvc0 ] && [ $n -lt 100 ]; do usleep 10000; n=$((n+1)); done",
                "    [ -c /dev/hvc0 ] && exec </dev/hvc0 >/dev/hvc0 2>&1",
                "fi",
                "echo '" + MARKER + "'",
                "if [ -f /hvlab/commands ]; then",
                "    sh /hvlab/commands",
                "    echo '" + DONE + "'",
                "else",
                "    setsid cttyhack sh -l",
                "fi",
                "poweroff -f",
                "");
    }

    private static void copy(CpioWriter cpio, Set<String> dirs, Path root, String relative) throws IOException {
        // A library reached both by name and through a link is written once.
        if (!dirs.add("file:" + relative)) {
            return;
        }
        Path p = root.resolve(relative);
        String parent = parentOf(relative);
        if (parent != null) {
            directories(cpio, dirs, parent);
        }
        if (Files.isSymbolicLink(p)) {
            String target = Files.readSymbolicLink(p).toString();
            cpio.symlink(relative, target);
            String resolved = target.startsWith("/") ? target.substring(1)
                    : root.relativize(p.getParent().resolve(target).normalize()).toString();
            copy(cpio, dirs, root, resolved);
        } else if (Files.isRegularFile(p)) {
            cpio.file(relative, 0755, Files.readAllBytes(p));
        } else {
            throw new IOException(p + " is missing: run scripts/fetch-debian-guest.sh");
        }
    }

    /** {@code dirs} holds the directories written, and the files as "file:" + path. */
    private static void directories(CpioWriter cpio, Set<String> dirs, String path) throws IOException {
        if (dirs.contains(path)) {
            return;
        }
        String parent = parentOf(path);
        if (parent != null) {
            directories(cpio, dirs, parent);
        }
        cpio.directory(path, 0755);
        dirs.add(path);
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? null : path.substring(0, slash);
    }

    /** {@code Initramfs DEBIAN_ROOT OUT.cpio.gz [COMMAND...]}: no command gives an interactive shell. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: Initramfs DEBIAN_ROOT OUT.cpio.gz [COMMAND...]");
            System.exit(2);
        }
        List<String> commands = new ArrayList<>(List.of(args).subList(2, args.length));
        try {
            Files.write(Path.of(args[1]), build(Path.of(args[0]), commands));
        } catch (IOException e) {
            System.err.println("Initramfs: " + e.getMessage());
            System.exit(1);
        } catch (UncheckedIOException e) {
            System.err.println("Initramfs: " + e.getCause().getMessage());
            System.exit(1);
        }
    }
}
