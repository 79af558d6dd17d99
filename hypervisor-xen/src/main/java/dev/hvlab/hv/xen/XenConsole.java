package dev.hvlab.hv.xen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Xen's console (xen/drivers/char/console.c): where guests' output goes and which domain the
 * serial input goes to. Output: Xen's own messages prefixed "(XEN) ", a domU's lines "(dN) "
 * (guest_printk), dom0's and the focus domain's vpl011 bytes as they are. Input focus
 * ({@code console_rx}): Xen, dom0 or a domU started at boot; at the end of boot it moves from Xen
 * to the first domain (console_endboot), and three CTRL-a in a row rotate it
 * (serial_rx / switch_serial_input), skipping domains that do not exist.
 */
final class XenConsole {
    /** opt_conswitch's default 'a': CTRL-a. */
    static final byte SWITCH_CODE = 1;

    /** Where a byte of serial input for a domain goes. */
    interface Receiver {
        void deliver(XenDomain d, byte c);
    }

    private final OutputStream out;
    /** The domid with the input focus, or -1 while Xen has it. */
    private int focus = -1;
    private int switchCount;
    private final StringBuilder[] lines = new StringBuilder[XenMemory.MAX_DOMAINS];

    XenConsole(OutputStream out) {
        this.out = out;
    }

    int focus() {
        return focus;
    }

    /** switch_serial_input: the next domain (by domid) after the current focus, else back to Xen. */
    void switchInput(List<XenDomain> domains) {
        XenDomain next = null;
        for (XenDomain d : domains) {
            if (d.id > focus && (next == null || d.id < next.id)) {
                next = d;
            }
        }
        if (next == null) {
            focus = -1;
            printk("*** Serial input to Xen (type 'CTRL-a' three times to switch input)\n");
        } else {
            focus = next.id;
            printk("*** Serial input to DOM" + next.id + " (type 'CTRL-a' three times to switch input)\n");
        }
    }

    /** serial_rx: CTRL-a eaten in threes to switch; otherwise the byte goes to the focus domain (Xen drops its own). */
    void serialRx(byte c, List<XenDomain> domains, Receiver receiver) {
        if (c == SWITCH_CODE) {
            if (++switchCount == 3) {
                switchInput(domains);
                switchCount = 0;
            }
            return;
        }
        for (; switchCount > 0; switchCount--) {
            toFocus(SWITCH_CODE, domains, receiver);
        }
        toFocus(c, domains, receiver);
    }

    private void toFocus(byte c, List<XenDomain> domains, Receiver receiver) {
        for (XenDomain d : domains) {
            if (d.id == focus && !d.shutdown) {
                receiver.deliver(d, c);
                return;
            }
        }
        // console_rx == 0: handle_keypress (Xen's debug keys), not modelled: the byte is dropped.
    }

    /** printk: Xen's own message, "(XEN) " at the start of each line. */
    void printk(String s) {
        StringBuilder b = new StringBuilder();
        boolean start = true;
        for (char ch : s.toCharArray()) {
            if (start) {
                b.append("(XEN) ");
            }
            b.append(ch);
            start = ch == '\n';
        }
        write(b.toString().getBytes(StandardCharsets.ISO_8859_1), b.length());
    }

    /** Bytes as they are (dom0's console_io, the focus domain's vpl011). */
    void raw(byte[] bytes, int len) {
        write(bytes, len);
    }

    /** guest_printk of one complete line (it ends in a newline). */
    void guestLine(int domid, byte[] bytes, int len) {
        byte[] prefix = ("(d" + domid + ") ").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[prefix.length + len];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(bytes, 0, all, prefix.length, len);
        write(all, all.length);
    }

    /** CONSOLEIO_write from a domU: buffered by the line, each line "(dN) "-prefixed (guest_console_write). */
    void consoleIo(int domid, byte[] bytes) {
        StringBuilder line = lines[domid] == null ? lines[domid] = new StringBuilder() : lines[domid];
        for (byte b : bytes) {
            line.append((char) (b & 0xFF));
            if (b == '\n') {
                byte[] l = line.toString().getBytes(StandardCharsets.ISO_8859_1);
                guestLine(domid, l, l.length);
                line.setLength(0);
            }
        }
    }

    private void write(byte[] bytes, int len) {
        try {
            out.write(bytes, 0, len);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
