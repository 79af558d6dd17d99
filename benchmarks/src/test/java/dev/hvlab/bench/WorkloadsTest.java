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
            assertEquals(0x8000_0000L, elf.entry(), w.name());
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        UserInputException e = assertThrows(UserInputException.class, () -> Workloads.get("linpack"));
        assertTrue(e.getMessage().startsWith("unknown workload 'linpack' (known: dhrystone, ipi_latency, "), e.getMessage());
    }
}
