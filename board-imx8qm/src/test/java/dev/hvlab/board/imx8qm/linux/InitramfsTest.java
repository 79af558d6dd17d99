package dev.hvlab.board.imx8qm.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The initramfs built from a stand-in Debian tree (the real one is exercised by LinuxBootTest). */
class InitramfsTest {
    @TempDir
    Path root;

    @Test
    void containsTheGuestFilesConsoleAndInit() throws IOException {
        fakeDebianTree();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, Long> modes = new LinkedHashMap<>();
        read(Initramfs.build(root, List.of("nproc", "poweroff -f")), entries, modes);

        assertArrayEquals("busybox".getBytes(StandardCharsets.UTF_8), entries.get("bin/busybox"));
        assertEquals(0020600L, modes.get("dev/console"), "the kernel opens /dev/console for init's stdio");
        // The link is kept, and its target is present once.
        assertEquals("aarch64-linux-gnu/ld-linux-aarch64.so.1",
                new String(entries.get("lib/ld-linux-aarch64.so.1"), StandardCharsets.UTF_8));
        assertEquals(0120777L, modes.get("lib/ld-linux-aarch64.so.1"));
        assertTrue(entries.containsKey("usr/lib/aarch64-linux-gnu/libnuma.so.1.0.0"));
        assertEquals(1, entries.keySet().stream().filter(n -> n.equals("lib/aarch64-linux-gnu/ld-linux-aarch64.so.1")).count());

        String init = new String(entries.get("init"), StandardCharsets.UTF_8);
        assertTrue(init.startsWith("#!/bin/busybox sh\n"));
        assertTrue(init.contains("echo '" + Initramfs.MARKER + "'"));
        assertTrue(init.contains("mount -t tmpfs -o mode=1777 tmpfs /dev/shm"), "cyclictest -m needs /dev/shm");
        assertEquals(0100755L, modes.get("init"));
        assertEquals("nproc\npoweroff -f\n", new String(entries.get("hvlab/commands"), StandardCharsets.UTF_8));
        // Every parent directory precedes its entries, as the kernel's unpacker needs.
        List<String> names = List.copyOf(entries.keySet());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            int slash = n.lastIndexOf('/');
            if (slash > 0) {
                assertTrue(names.subList(0, i).contains(n.substring(0, slash)), n + " before its directory");
            }
        }
    }

    @Test
    void withoutCommandsTheInitStartsAShell() throws IOException {
        fakeDebianTree();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        read(Initramfs.build(root, List.of()), entries, new LinkedHashMap<>());
        assertFalse(entries.containsKey("hvlab/commands"));
    }

    @Test
    void aMissingPackageSaysToFetch() {
        IOException e = assertThrows(IOException.class, () -> Initramfs.build(root, List.of()));
        assertTrue(e.getMessage().contains("fetch-debian-guest.sh"), e.getMessage());
    }

    private void fakeDebianTree() throws IOException {
        for (String f : Initramfs.GUEST_FILES) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
        }
        Files.writeString(root.resolve("bin/busybox"), "busybox");
        for (String f : Initramfs.GUEST_FILES) {
            Path p = root.resolve(f);
            if (f.equals("lib/ld-linux-aarch64.so.1")) {
                Files.createSymbolicLink(p, Path.of("aarch64-linux-gnu/ld-linux-aarch64.so.1"));
            } else if (f.endsWith("libnuma.so.1")) {
                Files.createSymbolicLink(p, Path.of("libnuma.so.1.0.0"));
                Files.writeString(root.resolve(f + ".0.0"), "numa");
            } else if (!Files.exists(p)) {
                Files.writeString(p, f);
            }
        }
    }

    private static void read(byte[] cpioGz, Map<String, byte[]> entries, Map<String, Long> modes) throws IOException {
        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(cpioGz)))) {
            for (CpioArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
                modes.put(e.getName(), e.getMode());
            }
        }
    }
}
