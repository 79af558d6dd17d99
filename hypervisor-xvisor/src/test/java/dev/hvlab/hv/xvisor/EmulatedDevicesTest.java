package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.asm.Assembler;
import dev.hvlab.core.hypervisor.CostLedger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest using the GICv2 view (distributor, GICD_SGIR, GICC acknowledge/EOI on the list registers,
 * between two vCPUs) and the PL011 with loads and stores the syndrome cannot describe (ISV = 0).
 */
class EmulatedDevicesTest {
    @TempDir
    Path dir;

    private static long read64(Rig r, long pa) {
        byte[] b = new byte[8];
        r.board.machine().memory().read(pa, b, 0, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xFF);
        }
        return v;
    }

    @Test
    void gicv2SgiAcknowledgedAndCompletedThroughTheEmulatedCpuInterface() throws Exception {
        Assembler a = new Assembler(Guests.RAM);
        Assembler.Label secondary = a.newLabel();
        Assembler.Label wait = a.newLabel();
        Assembler.Label poll = a.newLabel();
        // vCPU 0: distributor and CPU interface on, start vCPU 1, wait for its result, SGI 5 to itself
        a.mov(19, Guests.GICD);
        a.mov(20, Guests.GICC);
        a.mov(21, Guests.RESULTS);
        a.mov(1, 1);
        a.strw(1, 19, 0x0);                 // GICD_CTLR.Enable
        a.mov(1, 0xF0);
        a.strw(1, 20, 0x4);                 // GICC_PMR
        a.mov(1, 1);
        a.strw(1, 20, 0x0);                 // GICC_CTLR.Enable
        a.mov(0, 0xC400_0003L);             // PSCI CPU_ON vCPU 1 at secondary
        a.mov(1, 1);
        a.adr(2, secondary);
        a.mov(3, 0);
        a.smc(0);
        a.str(0, 21, 0x30);                 // CPU_ON's result
        a.bind(wait);
        a.ldr(1, 21, 0x20);
        a.cbz(1, wait);
        a.mov(1, 2L << 24 | 5);             // GICD_SGIR: to myself, SGI 5
        a.strw(1, 19, 0xF00);
        a.ldrw(2, 20, 0xC);                 // GICC_IAR
        a.str(2, 21, 0x0);
        a.strw(2, 20, 0x10);                // GICC_EOIR
        a.ldrw(3, 20, 0xC);                 // the next: SGI 5
        a.str(3, 21, 0x8);
        Guests.systemOff(a);
        // vCPU 1: CPU interface on, SGI 7 to vCPU 0's list... then acknowledge its own SGI 3 from vCPU 0
        a.bind(secondary);
        a.mov(20, Guests.GICC);
        a.mov(21, Guests.RESULTS);
        a.mov(1, 0xF0);
        a.strw(1, 20, 0x4);
        a.mov(1, 1);
        a.strw(1, 20, 0x0);
        a.mov(19, Guests.GICD);
        a.mov(1, 1L << 24 | 3);             // GICD_SGIR: all but myself (vCPU 0), SGI 3
        a.strw(1, 19, 0xF00);
        a.mov(1, 1);
        a.str(1, 21, 0x20);
        a.bind(poll);
        a.b(poll);
        Path image = Guests.write(dir, "gic", a);
        XvisorConfig c = Guests.config(XvisorConfig.PRR, List.of(Guests.guest("g", image, Guests.RAM,
                List.of(Guests.vcpu(0, 3, 10_000, 1_000_000), Guests.vcpu(1, 3, 10_000, 1_000_000)))));
        Rig r = Rig.xvisor(java.nio.file.Files.readAllBytes(image), c).run(5_000_000);
        assertEquals("PSCI SYSTEM_OFF", r.result.reason(), r.output());
        assertEquals(0, read64(r, Guests.RESULTS + 0x30), "CPU_ON succeeded");
        // vCPU 0 first acknowledges the SGI 3 vCPU 1 sent (source CPU 1 in bits [12:10]): GICv2 acknowledges the
        // highest priority, equal priorities by list order, and SGI 3 was queued before SGI 5.
        long first = read64(r, Guests.RESULTS);
        assertEquals(3 | 1 << 10, first);
        assertEquals(5, read64(r, Guests.RESULTS + 8), "then its own SGI 5, source CPU 0");
        assertTrue(r.dispatcher.reports().isEmpty(), r.dispatcher.reports().toString());
        List<String> paths = r.dispatcher.ledger().paths().stream().map(CostLedger.PathTotal::path).toList();
        assertTrue(paths.contains("mmio-gic-distributor"), paths.toString());
        assertTrue(paths.contains("mmio-gic-cpu-interface"), paths.toString());
    }

    @Test
    void pl011AccessesWithWritebackAndPairsAreDecodedInSoftware() throws Exception {
        Assembler a = new Assembler(Guests.RAM);
        a.mov(0, Guests.PL011);
        a.mov(21, Guests.RESULTS);
        a.mov(1, 'H');
        a.emit("LDST_post", "size", 2, "opc", 0, "imm9", 0, "rn", 0, "rt", 1); // str w1, [x0], #0
        a.mov(1, 'I');
        a.emit("LDST_post", "size", 2, "opc", 0, "imm9", 0, "rn", 0, "rt", 1);
        a.mov(4, Guests.PL011);
        a.emit("LDST_pre", "size", 2, "opc", 1, "imm9", 0x18, "rn", 4, "rt", 5); // ldr w5, [x4, #0x18]!
        a.str(5, 21, 0);
        a.str(4, 21, 8);
        a.mov(8, Guests.PL011 + 0xFE0);
        a.ldp(6, 7, 8, 0);                  // 64-bit pair: two 8-byte reads of the ID registers
        a.emit("LDP_off", "opc", 0, "imm7", 0, "rt2", 7, "rn", 8, "rt", 6); // ldp w6, w7, [x8]
        a.str(6, 21, 16);
        a.str(7, 21, 24);
        a.mov(9, Guests.PL011 + 0xFE0);
        a.emit("LDST_post", "size", 0, "opc", 1, "imm9", 4, "rn", 9, "rt", 10); // ldrb w10, [x9], #4
        a.str(10, 21, 32);
        a.str(9, 21, 40);
        Guests.systemOff(a);
        Path image = Guests.write(dir, "pl011", a);
        XvisorConfig c = Guests.config(XvisorConfig.PRR, List.of(Guests.guest("g", image, Guests.RAM,
                List.of(Guests.vcpu(0, 3, 10_000, 1_000_000)))));
        Rig r = Rig.xvisor(java.nio.file.Files.readAllBytes(image), c).run(2_000_000);
        assertEquals("PSCI SYSTEM_OFF", r.result.reason(), r.output() + r.dispatcher.reports());
        GuestVm g = r.model.guest("g");
        Pl011Emulator uart = (Pl011Emulator) g.devices.stream().filter(d -> d instanceof Pl011Emulator).findFirst()
                .orElseThrow();
        assertEquals("HI", uart.written.toString());
        assertEquals(0x90, read64(r, Guests.RESULTS), "UARTFR: TXFE | RXFE");
        assertEquals(Guests.PL011 + 0x18, read64(r, Guests.RESULTS + 8), "pre-index writeback");
        assertEquals(0x11, read64(r, Guests.RESULTS + 16), "UARTPeriphID0");
        assertEquals(0x10, read64(r, Guests.RESULTS + 24), "UARTPeriphID1");
        assertEquals(0x11, read64(r, Guests.RESULTS + 32), "ldrb post-index value");
        assertEquals(Guests.PL011 + 0xFE4, read64(r, Guests.RESULTS + 40), "post-index writeback");
        long decoded = r.dispatcher.ledger().paths().stream().filter(p -> p.path().equals("mmio-decode"))
                .mapToLong(CostLedger.PathTotal::taken).sum();
        assertEquals(6, decoded, "str, str, ldr!, ldp (x), ldp (w), ldrb post: every one without ISV");
        assertTrue(r.dispatcher.ledger().steps("xvisor", "mmio-decode").stream()
                .anyMatch(s -> s.step().equals("AT S12E1R")));
    }
}
