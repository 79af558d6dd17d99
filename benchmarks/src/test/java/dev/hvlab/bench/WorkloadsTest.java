package dev.hvlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.loader.ElfFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
    @Test
    void namesAreSortedAndUnique() {
        List<String> names = Workloads.names();
        assertEquals(names.stream().sorted().distinct().toList(), names);
    }

    @Test
    void everyWorkloadHasAnImageLinkedForTheImx8qmDdr() throws Exception {
        for (Workload w : Workloads.all()) {
            ElfFile elf = ElfFile.parse(w.name(), w.image());
            long lowest = elf.segments().stream().filter(ElfFile.Segment::isLoad).mapToLong(ElfFile.Segment::paddr)
                    .min().orElseThrow();
            assertEquals(0x8000_0000L, lowest, w.name() + ": hv_abi, the first word, at the start of DDR");
            assertTrue(elf.entry() > lowest && elf.entry() < lowest + 0x1_0000, w.name() + " entry");
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        UserInputException e = assertThrows(UserInputException.class, () -> Workloads.get("linpack"));
        assertTrue(e.getMessage().startsWith("unknown workload 'linpack' (known: dhrystone, ipi_latency, "), e.getMessage());
    }
}
