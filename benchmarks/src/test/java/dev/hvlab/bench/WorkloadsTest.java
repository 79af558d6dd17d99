package dev.hvlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
    @Test
    void namesAreSortedAndUnique() {
        List<String> names = Workloads.names();
        assertEquals(names.stream().sorted().distinct().toList(), names);
    }
}
