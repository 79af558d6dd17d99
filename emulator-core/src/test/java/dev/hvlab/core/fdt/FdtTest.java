package dev.hvlab.core.fdt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdtTest {

    private static Fdt sample() {
        Fdt fdt = new Fdt();
        FdtNode root = fdt.root();
        root.strings("compatible", "hvlab,test");
        root.cells("#address-cells", 2).cells("#size-cells", 2);
        root.strings("model", "hvlab test");
        FdtNode mem = root.child("memory@80000000");
        mem.strings("device_type", "memory").cells64("reg", 0x8000_0000L, 0x8000_0000L);
        FdtNode chosen = root.child("chosen");
        chosen.strings("bootargs", "console=ttyLP0");
        fdt.reserve(0x8000_0000L, 0x1000);
        return fdt;
    }

    @Test
    void roundTripsThroughTheBlobFormat() {
        byte[] dtb = sample().toDtb();
        Fdt back = Fdt.parse(dtb);
        assertEquals(List.of("hvlab,test"), back.root().stringsOf("compatible"));
        assertArrayEquals(new int[] {0, 0x8000_0000, 0, 0x8000_0000}, back.node("/memory@80000000").cellsOf("reg"));
        assertEquals("console=ttyLP0", back.node("/chosen").stringsOf("bootargs").get(0));
        assertEquals(1, back.reservations().size());
        assertArrayEquals(dtb, back.toDtb());
    }

    @Test
    void malformedBlobsGiveOneLineReasons() {
        byte[] dtb = sample().toDtb();
        assertThrows(MalformedFdtException.class, () -> Fdt.parse(new byte[10]));
        byte[] badMagic = dtb.clone();
        badMagic[0] = 0;
        MalformedFdtException e = assertThrows(MalformedFdtException.class, () -> Fdt.parse(badMagic));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        byte[] truncated = java.util.Arrays.copyOf(dtb, dtb.length - 8);
        assertThrows(MalformedFdtException.class, () -> Fdt.parse(truncated));
        for (int cut = 40; cut < dtb.length; cut += 7) {
            byte[] b = dtb.clone();
            b[cut] ^= 0x5A; // random corruption: either parses or fails cleanly, never another exception
            try {
                Fdt.parse(b);
            } catch (MalformedFdtException expected) {
                assertTrue(!expected.getMessage().contains("\n"));
            }
        }
    }

    @Test
    void dtcDecompilesItWithoutWarnings(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("dtc"), "dtc (device-tree-compiler) not installed");
        Path f = dir.resolve("t.dtb");
        Files.write(f, sample().toDtb());
        Process p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", f.toString()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err.trim(), "dtc warnings");
        assertTrue(out.contains("bootargs = \"console=ttyLP0\";"), out);
        assertTrue(out.matches("(?s).*/memreserve/\\s+0x0*80000000 0x0*1000;.*"), out);
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
