package dev.hvlab.core.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.isa.A64;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MmioDispatchTest {

    @Test
    void accessesOutsideRamReachTheDeviceEveryTime() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(0x4000_0000L, 0x10_0000);
        List<String> log = new ArrayList<>();
        m.addDevice(0x0900_0000L, 0x1000, "probe", new MmioDevice() {
            @Override
            public long read(int cpuIndex, long offset, int size) {
                log.add("r" + size + "@" + offset + " cpu" + cpuIndex);
                return 0x1234_5678_9ABC_DEF0L;
            }

            @Override
            public void write(int cpuIndex, long offset, long value, int size) {
                if (offset == 0xFF0) {
                    throw BusErrorException.INSTANCE;
                }
                log.add("w" + size + "@" + offset + "=" + Long.toHexString(value));
            }
        });
        Cpu cpu = new Cpu(3, m, A64.decoder());
        assertEquals(0x9ABC_DEF0, cpu.read32(0x0900_0010L));
        assertEquals(0x9ABC_DEF0, cpu.read32(0x0900_0010L)); // not cached: the device sees both
        cpu.write16(0x0900_0020L, 0xBEEF);
        assertEquals(List.of("r4@16 cpu3", "r4@16 cpu3", "w2@32=beef"), log);

        ArchitecturalException e = assertThrows(ArchitecturalException.class, () -> cpu.write64(0x0900_0FF0L, 1));
        assertEquals(0x10, e.iss & 0x3F); // synchronous external abort
        assertTrue((e.iss & (1 << 6)) != 0, "WnR");
        assertThrows(ArchitecturalException.class, () -> cpu.read8(0x0A00_0000L)); // nothing there
    }

    @Test
    void overlappingMapsAreRejected() {
        PhysicalMemory m = new PhysicalMemory();
        m.addRam(0x4000_0000L, 0x10_0000);
        MmioDevice nothing = new MmioDevice() {
            @Override
            public long read(int cpuIndex, long offset, int size) {
                return 0;
            }

            @Override
            public void write(int cpuIndex, long offset, long value, int size) {
            }
        };
        assertThrows(IllegalArgumentException.class, () -> m.addDevice(0x400F_F000L, 0x2000, "x", nothing));
        m.addDevice(0x0900_0000L, 0x1000, "a", nothing);
        assertThrows(IllegalArgumentException.class, () -> m.addDevice(0x0900_0800L, 0x1000, "b", nothing));
        assertThrows(IllegalArgumentException.class, () -> m.addRam(0x0900_0000L, 0x1000));
    }
}
