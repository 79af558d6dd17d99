package dev.hvlab.hv.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.ConfigReader;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.uart.HostInput;
import dev.hvlab.core.uart.SerialInput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** True dom0less (XenConfig.dom0 = false): no hardware domain, only the domUs, domids from 1. */
class Dom0lessTest {
    @TempDir
    Path dir;

    static XenConfig dom0less(XenConfig.Domain... domUs) {
        return new XenConfig(XenConfig.CommandLine.defaults(), false, List.of(domUs));
    }

    @Test
    void withoutDom0AtLeastOneDomUIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> dom0less());
        String json = "{\"xen\": {\"sched\": \"credit2\", \"vwfi\": \"trap\", \"dom0_mem\": \"\", \"dom0_max_vcpus\": 0,"
                + " \"dom0_vcpus_pin\": false, \"timer_slop\": 50000, \"vpmu\": false, \"hmp_unsafe\": false},"
                + " \"dom0\": false, \"domains\": []}";
        UserInputException e = assertThrows(UserInputException.class, () -> ConfigReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "xen.json", XenConfig.class));
        assertTrue(e.getMessage().contains("at least one domU"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "a one-line error: " + e.getMessage());
        String noDom0Field = json.replace("\"dom0\": false, ", "");
        assertThrows(UserInputException.class, () -> ConfigReader.read(
                new ByteArrayInputStream(noDom0Field.getBytes(StandardCharsets.UTF_8)), "xen.json", XenConfig.class),
                "dom0 is a required field");
    }

    @Test
    void onlyTheDomUsRunAndTheMachineStopsWhenTheLastShutsDown() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        Path ping = GuestImages.build(dir, "ping", "pingpong.c", 0x8000_0000L, "PING");
        Path hello = GuestImages.build(dir, "hello", "hello.c", 0x4000_0000L);
        XenConfig c = dom0less(XenRig.domU("a", hello.toString(), 1), XenRig.domU("b", hello.toString(), 2));
        XenRig rig = new XenRig(Files.readAllBytes(ping), c, dir).run(20_000_000);
        assertFalse(rig.output().contains("ping"), "the booted image is not run: " + rig.output());
        assertTrue(rig.output().contains("(d1) hello from a domU\n"), rig.output());
        assertTrue(rig.output().contains("(d2) hello from a domU\n"), rig.output());
        assertEquals(List.of(1, 2), rig.xen.domains.stream().map(d -> d.id).toList());
        assertEquals("PSCI SYSTEM_OFF", rig.result.reason());
        assertTrue(rig.xen.domains.stream().allMatch(d -> d.shutdown));
    }

    @Test
    void aDomUWritesThroughTheVpl011ToXensConsole() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        Path ping = GuestImages.build(dir, "ping", "pingpong.c", 0x8000_0000L, "PING");
        Path uart = GuestImages.build(dir, "uart", "uart.c", 0x4000_0000L);
        // dom0less: the only domU has the console focus, so its bytes go out as they are.
        XenRig rig = new XenRig(Files.readAllBytes(ping), dom0less(XenRig.domU("u", uart.toString(), 1)), dir)
                .run(20_000_000);
        assertTrue(rig.output().contains("(XEN) *** Serial input to DOM1 (type 'CTRL-a' three times to switch input)\n"),
                rig.output());
        // FR after the writes: TXFE cleared by the first one, RXFE still set (vpl011_write_data_xen).
        assertTrue(rig.output().contains("\nuart: hello\nuart: fr=00000010\n"), rig.output());
        assertEquals("PSCI SYSTEM_OFF", rig.result.reason());
        long bytes = "uart: hello\nuart: fr=00000010\n".length();
        long polled = "uart: hello\n".length() + "uart: fr=".length() + "\n".length(); // uputs reads FR per byte
        assertEquals(bytes + polled + 1, rig.paths().get("vpl011-access"),
                "one trap per DR write, per FR poll of uputs and the FR read printed");
        var steps = rig.ledger().steps("xen", "vpl011-access").stream().map(r -> r.step()).toList();
        assertTrue(steps.contains("printk: conring + serial_puts"), steps.toString());

        // With dom0, dom0 has the focus: the domU's vpl011 lines are prefixed as guest_printk does.
        XenRig withDom0 = new XenRig(Files.readAllBytes(ping), XenRig.config("credit2", "trap", true, 1,
                XenRig.domU("u", uart.toString(), 1)), dir).run(5_000_000);
        assertTrue(withDom0.output().contains("(d1) uart: hello\n(d1) uart: fr=00000010\n"), withDom0.output());
    }

    @Test
    void serialInputOnTheBoardsUartReachesTheFocusDomainsVpl011() throws Exception {
        Assumptions.assumeTrue(GuestImages.available(), "aarch64-linux-gnu-gcc not installed");
        Path uart = GuestImages.build(dir, "echo", "uart.c", 0x4000_0000L, "ECHO");
        XenRig rig = new XenRig(null, dom0less(XenRig.domU("u", uart.toString(), 1)), dir);
        // CTRL-a three times moves the input to Xen (which drops it: no debug keys), three more back to DOM1.
        String typed = "hello\n\u0001\u0001\u0001lost\n\u0001\u0001\u0001off\n";
        SerialInput.connect(HostInput.of(typed.getBytes(StandardCharsets.ISO_8859_1)), rig.board.serialPorts().get(0),
                rig.board.machine().queue(), SerialInput.DEFAULT_PERIOD_PS);
        rig.run(50_000_000);
        String out = rig.output();
        assertTrue(out.contains("got: hello\n"), out);
        assertTrue(out.contains("got: off\n"), out);
        assertFalse(out.contains("lost"), out);
        assertTrue(out.contains("(XEN) *** Serial input to Xen (type 'CTRL-a' three times to switch input)\n"), out);
        assertEquals(2, out.split("\\*\\*\\* Serial input to DOM1", -1).length - 1,
                "DOM1 at the end of boot and after the second switch: " + out);
        assertEquals("PSCI SYSTEM_OFF", rig.result.reason());
        // One acknowledged interrupt per character (imx_lpuart_interrupt takes one; the line stays high while
        // more wait), all in the same exit's IAR loop when they arrived together.
        long chars = typed.length();
        long serialRx = rig.ledger().rows().stream().filter(r -> r.path().endsWith("serial-rx"))
                .filter(r -> r.step().startsWith("serial_rx:")).mapToLong(r -> r.count()).sum();
        assertEquals(chars, serialRx, rig.paths().toString());
        var steps = rig.ledger().rows().stream().filter(r -> r.path().endsWith("serial-rx")).map(r -> r.step()).toList();
        assertTrue(steps.stream().anyMatch(s -> s.contains("vpl011_rx_char_xen")), steps.toString());
    }
}
