package dev.hvlab.core.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class Arm64ImageTest {

    static byte[] image(long textOffset, long imageSize, long flags, int length) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x91005a4d); // "MZ" EFI stub: add x13, x18, #0x16
        b.putLong(8, textOffset);
        b.putLong(16, imageSize);
        b.putLong(24, flags);
        b.putInt(56, 0x644D5241);
        return b.array();
    }

    @Test
    void readsTheHeader() {
        Arm64Image img = Arm64Image.parse("Image", image(0, 0x20000, 0xA, 4096));
        assertEquals(0, img.textOffset());
        assertEquals(0x20000, img.imageSize());
        assertEquals(0xA, img.flags());
        assertEquals(4096, img.bytes().length);
    }

    @Test
    void gunzipsVmlinuz() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(image(0, 0x10000, 2, 8192));
        }
        Arm64Image img = Arm64Image.parse("vmlinuz", out.toByteArray());
        assertEquals(8192, img.bytes().length);
        assertEquals(0x10000, img.imageSize());
    }

    @Test
    void oldKernelsWithoutImageSizeUseTheLegacyTextOffset() {
        Arm64Image img = Arm64Image.parse("Image", image(0, 0, 0, 4096));
        assertEquals(0x80000, img.textOffset());
    }

    @Test
    void badFilesGiveOneLineNamingTheFile() {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> Arm64Image.parse("k.img", new byte[100]));
        assertTrue(e.getMessage().startsWith("k.img: not an arm64 Image"), e.getMessage());
        assertThrows(ImageFormatException.class, () -> Arm64Image.parse("k.img", new byte[10]));
        assertThrows(ImageFormatException.class, () -> Arm64Image.parse("k.img", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3}));
        assertThrows(ImageFormatException.class, () -> Arm64Image.parse("k.img", image(0, 0x1000, 1, 4096)));
    }
}
