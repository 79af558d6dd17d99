package dev.hvlab.core.loader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPInputStream;

/**
 * A Linux arm64 kernel {@code Image} (Documentation/arch/arm64/booting.rst): a 64-byte header with
 * text_offset, image_size, flags and the magic "ARM\x64" at offset 56, optionally gzip-compressed
 * (Debian's {@code vmlinuz}). The boot protocol places it at a 2 MiB-aligned base plus text_offset.
 *
 * @param bytes      the decompressed image
 * @param textOffset the offset from a 2 MiB-aligned base at which the image must be placed
 * @param imageSize  the memory the kernel needs from its load address (at least the file size)
 * @param flags      header flags: bit 0 big-endian, bits 1-2 page size, bit 3 physical placement
 */
public record Arm64Image(byte[] bytes, long textOffset, long imageSize, long flags) {
    private static final int MAGIC = 0x644D5241; // "ARM\x64", little-endian
    private static final long MAX_DECOMPRESSED = 512L << 20;

    /** Parses an Image, gunzipping it first when it starts with the gzip magic. */
    public static Arm64Image parse(String name, byte[] file) {
        byte[] image = isGzip(file) ? gunzip(name, file) : file;
        if (image.length < 64) {
            throw new ImageFormatException(name + ": too short for an arm64 Image header (" + image.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(56) != MAGIC) {
            throw new ImageFormatException(name + ": not an arm64 Image (no ARM\\x64 magic at offset 56)");
        }
        long textOffset = b.getLong(8);
        long imageSize = b.getLong(16);
        long flags = b.getLong(24);
        if (imageSize == 0) {
            // Kernels before 3.17 leave image_size zero and use text_offset 0x80000 (booting.rst).
            textOffset = 0x80000;
            imageSize = image.length;
        }
        if ((flags & 1) != 0) {
            throw new ImageFormatException(name + ": big-endian kernel images are not supported");
        }
        if (textOffset < 0 || textOffset >= (2L << 20) || imageSize < 0 || imageSize < image.length) {
            throw new ImageFormatException(String.format("%s: implausible header (text_offset 0x%x, image_size 0x%x)",
                    name, textOffset, imageSize));
        }
        return new Arm64Image(image, textOffset, imageSize, flags);
    }

    public static boolean isGzip(byte[] file) {
        return file.length >= 2 && (file[0] & 0xFF) == 0x1F && (file[1] & 0xFF) == 0x8B;
    }

    /** Decompresses a gzip file, bounded so a hostile file cannot exhaust the heap. */
    public static byte[] gunzip(String name, byte[] file) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(file.length * 3);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                if (out.size() > MAX_DECOMPRESSED) {
                    throw new ImageFormatException(name + ": decompresses to more than 512 MiB");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new ImageFormatException(name + ": corrupt gzip data (" + e.getMessage() + ")");
        }
    }
}
