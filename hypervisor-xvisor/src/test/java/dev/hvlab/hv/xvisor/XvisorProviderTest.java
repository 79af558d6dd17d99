package dev.hvlab.hv.xvisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.hvlab.core.spi.HypervisorProvider;
import dev.hvlab.core.spi.Providers;
import org.junit.jupiter.api.Test;

class XvisorProviderTest {
    @Test
    void registeredThroughServiceLoaderWithItsConfigRecord() {
        HypervisorProvider p = Providers.hypervisor("xvisor");
        assertInstanceOf(XvisorProvider.class, p);
        assertEquals(XvisorConfig.class, p.configType());
        assertInstanceOf(XvisorModel.class, p.create(null));
    }

    /** The example of docs/HYPERVISOR-MODELS.md reads strictly into the config record. */
    @Test
    void theDocumentedExampleReads() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "HYPERVISOR-MODELS.md"));
        int xv = doc.indexOf("## The Xvisor model");
        int start = doc.indexOf("```json", xv) + 7;
        String json = doc.substring(start, doc.indexOf("```", start));
        XvisorConfig c = dev.hvlab.core.config.ConfigReader.read(
                new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "example",
                XvisorConfig.class);
        assertEquals(0xfdc00000L, c.hypervisorMemory().physStart());
        assertEquals(XvisorConfig.PRR, c.scheduler());
        XvisorConfig.Guest g = c.guests().get(0);
        assertEquals(java.util.List.of(0, 1), g.vcpus().get(0).affinity());
        assertEquals(XvisorConfig.VIRTIO_BLOCK, g.devices().get(2).compatible());
        assertEquals(1048576, g.devices().get(2).capacity());
    }
}
