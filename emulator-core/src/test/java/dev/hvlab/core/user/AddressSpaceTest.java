package dev.hvlab.core.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.cpu.ArchitecturalException;
import dev.hvlab.core.cpu.Cpu;
import dev.hvlab.core.cpu.ExceptionClass;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressSpaceTest {
    final AddressSpace as = new AddressSpace();
    final Cpu cpu = new Cpu(0, as.memory(), MiniIsa.decoder());

    AddressSpaceTest() {
        cpu.setTranslator(as);
        as.attach(cpu);
    }

    ArchitecturalException fault(Runnable access) {
        return assertThrows(ArchitecturalException.class, access::run);
    }

    @Test
    void loadsAndStoresGoThroughTheMapping() {
        as.map(0x10000, 0x2000, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
        cpu.write64(0x10ffc, 0x1122334455667788L); // straddles the two pages
        assertEquals(0x1122334455667788L, cpu.read64(0x10ffc));
    }

    /** ESR as Linux would see it at EL1 for an EL0 access: EC 0x24/0x20, DFSC level 3, WnR, FAR. */
    @Test
    void faultsCarryTheAbortSyndrome() {
        as.map(0x10000, 0x1000, AddressSpace.PROT_READ);
        ArchitecturalException e = fault(() -> cpu.read64(0x20008));
        assertEquals(ExceptionClass.DATA_ABORT_LOWER, e.ec);
        assertEquals(0b000111, e.iss & 0x3F, "translation fault, level 3");
        assertEquals(0x20008, e.far);
        e = fault(() -> cpu.write32(0x10010, 1));
        assertEquals(0b001111, e.iss & 0x3F, "permission fault, level 3");
        assertTrue((e.iss & (1 << 6)) != 0, "WnR");
        e = fault(() -> cpu.fetch(0x10000));
        assertEquals(ExceptionClass.INSN_ABORT_LOWER, e.ec);
        assertEquals(0b001111, e.iss & 0x3F);
        e = fault(() -> cpu.read8(1L << 48));
        assertEquals(0b000100, e.iss & 0x3F, "beyond the 48-bit VA space: level 0 translation fault");
    }

    @Test
    void dataAccessesIgnoreTheTopByteButFetchesDoNot() {
        as.map(0x10000, 0x1000, AddressSpace.PROT_READ | AddressSpace.PROT_EXEC);
        as.writeIgnoringProtection(0x10000, new byte[] {42}, 0, 1);
        assertEquals(42, cpu.read8(0x5A00_0000_0001_0000L));
        fault(() -> cpu.fetch(0x5A00_0000_0001_0000L));
    }

    @Test
    void unmappedPagesAreRecycledZeroed() {
        as.map(0x10000, 0x1000, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
        cpu.write64(0x10000, -1);
        as.unmap(0x10000, 0x1000);
        fault(() -> cpu.read64(0x10000));
        as.map(0x30000, 0x1000, AddressSpace.PROT_READ);
        assertEquals(0, cpu.read64(0x30000));
    }

    @Test
    void findFreeSearchesTopDownAroundMappings() {
        as.map(0x50000, 0x10000, 0);
        assertEquals(0x4F000, as.findFree(0x1000, 0x60000, 0x10000));
        assertEquals(0x60000, as.findFree(0x1000, 0x61000, 0x10000));
        as.unmap(0x54000, 0x1000);
        assertEquals(0x54000, as.findFree(0x1000, 0x60000, 0x10000), "a hole punched by munmap");
        assertEquals(-1, as.findFree(0x1000, 0x51000, 0x50000));
        assertTrue(as.isFree(0x54000, 0x55000));
        assertTrue(!as.isFree(0x53000, 0x55000));
    }

    @Test
    void pageTableAgreesWithAHashMap() {
        long seed = 20240601;
        Random r = new Random(seed);
        PageTable t = new PageTable();
        Map<Long, Long> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            long k = r.nextInt(5000) * 7919L;
            switch (r.nextInt(3)) {
                case 0 -> {
                    long v = 1 + r.nextInt(1 << 20);
                    t.put(k, v);
                    ref.put(k, v);
                }
                case 1 -> {
                    Long expected = ref.remove(k);
                    assertEquals(expected == null ? PageTable.ABSENT : expected, t.remove(k), "seed " + seed);
                }
                default -> assertEquals(ref.getOrDefault(k, PageTable.ABSENT), t.get(k), "seed " + seed);
            }
        }
        assertEquals(ref.size(), t.size());
    }

    @Test
    void kernelCopiesRespectPermissions() {
        as.map(0x10000, 0x2000, AddressSpace.PROT_READ | AddressSpace.PROT_WRITE);
        as.protect(0x11000, 0x1000, AddressSpace.PROT_READ);
        assertTrue(!as.write(0x10ff0, new byte[32]), "the second page is read-only");
        assertEquals(0, cpu.read64(0x10ff0), "nothing was written");
        assertTrue(as.read(0x10ff0, 32) != null);
        assertEquals(null, as.read(0x11ff0 + 0x1000, 32), "beyond the mapping");
    }
}
