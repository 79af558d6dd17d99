package dev.hvlab.board.imx8qm.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;

/** CpioWriter's archives read back by an independent newc reader (Apache Commons Compress). */
class CpioWriterTest {
    @Test
    void entriesReadBackWithTheirTypeModeSizeAndData() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioWriter w = new CpioWriter(out);
        w.directory("dev", 0755);
        w.characterDevice("dev/console", 0600, 5, 1);
        byte[] odd = "abcde".getBytes(StandardCharsets.US_ASCII); // 5 bytes: data padding needed
        w.file("a", 0644, odd);
        w.file("dir-less-name-of-other-length", 0755, new byte[] {1, 2, 3, 4});
        w.symlink("lib/ld.so", "x/ld-linux-aarch64.so.1");
        w.finish();
        assertEquals(0, out.size() % 4, "newc pads everything to 4 bytes");

        try (CpioArchiveInputStream in = new CpioArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            CpioArchiveEntry e = in.getNextEntry();
            assertEquals(CpioConstants.FORMAT_NEW, e.getFormat());
            assertEquals("dev", e.getName());
            assertEquals(CpioConstants.C_ISDIR | 0755, e.getMode());

            e = in.getNextEntry();
            assertEquals("dev/console", e.getName());
            assertEquals(CpioConstants.C_ISCHR | 0600, e.getMode());
            assertEquals(5, e.getRemoteDeviceMaj());
            assertEquals(1, e.getRemoteDeviceMin());

            e = in.getNextEntry();
            assertEquals("a", e.getName());
            assertEquals(CpioConstants.C_ISREG | 0644, e.getMode());
            assertArrayEquals(odd, in.readAllBytes());

            e = in.getNextEntry();
            assertEquals("dir-less-name-of-other-length", e.getName());
            assertArrayEquals(new byte[] {1, 2, 3, 4}, in.readAllBytes());

            e = in.getNextEntry();
            assertEquals("lib/ld.so", e.getName());
            assertEquals(CpioConstants.C_ISLNK | 0777, e.getMode());
            assertEquals("x/ld-linux-aarch64.so.1", new String(in.readAllBytes(), StandardCharsets.UTF_8));

            assertNull(in.getNextEntry(), "the trailer ends the archive");
        }
    }

    @Test
    void sameEntriesGiveSameBytes() throws IOException {
        assertArrayEquals(sample(), sample());
    }

    @Test
    void absolutePathsAreRefused() {
        CpioWriter w = new CpioWriter(new ByteArrayOutputStream());
        assertThrows(IllegalArgumentException.class, () -> w.file("/init", 0755, new byte[0]));
    }

    private static byte[] sample() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioWriter w = new CpioWriter(out);
        w.file("init", 0755, new byte[] {'#', '!'});
        w.finish();
        return out.toByteArray();
    }
}
