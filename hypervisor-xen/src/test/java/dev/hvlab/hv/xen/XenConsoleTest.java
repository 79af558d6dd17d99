package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** console.c's serial input switching (serial_rx, switch_serial_input) and output prefixes. */
class XenConsoleTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final XenConsole console = new XenConsole(out);
    private final List<XenDomain> domains = List.of(domain(1), domain(3));
    private final StringBuilder got = new StringBuilder();

    private static XenDomain domain(int id) {
        return new XenDomain(id, "d" + id, null, 0, 0, 0, 0, 0, 0, 256, 1, 1, false, 0, 1);
    }

    private void type(String s) {
        for (char c : s.toCharArray()) {
            console.serialRx((byte) c, domains, (d, ch) -> got.append(d.id).append((char) ch).append(' '));
        }
    }

    @Test
    void threeCtrlARotateXenAndTheDomainsThatExist() {
        assertEquals(-1, console.focus(), "Xen's until the end of boot");
        console.switchInput(domains);
        assertEquals(1, console.focus());
        type("a\u0001\u0001\u0001b");
        assertEquals(3, console.focus(), "domid 2 does not exist and is skipped");
        type("\u0001\u0001\u0001c\u0001\u0001\u0001d");
        assertEquals(1, console.focus(), "after DOM3: Xen, then DOM1 again");
        assertEquals("1a 3b 1d ", got.toString(), "Xen drops its input (no debug keys)");
        assertEquals("(XEN) *** Serial input to DOM1 (type 'CTRL-a' three times to switch input)\n"
                + "(XEN) *** Serial input to DOM3 (type 'CTRL-a' three times to switch input)\n"
                + "(XEN) *** Serial input to Xen (type 'CTRL-a' three times to switch input)\n"
                + "(XEN) *** Serial input to DOM1 (type 'CTRL-a' three times to switch input)\n",
                out.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void fewerThanThreeCtrlAAreHandedOnBeforeTheNextCharacter() {
        console.switchInput(domains);
        type("\u0001\u0001x");
        assertEquals("1\u0001 1\u0001 1x ", got.toString());
        assertEquals(1, console.focus());
    }

    @Test
    void consoleIoLinesOfADomUArePrefixed() {
        console.consoleIo(3, "one\ntw".getBytes(StandardCharsets.ISO_8859_1));
        console.consoleIo(3, "o\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("(d3) one\n(d3) two\n", out.toString(StandardCharsets.ISO_8859_1));
    }
}
