package dev.hvlab.hv.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hvlab.core.config.ConfigReader;
import dev.hvlab.core.config.UserInputException;
import dev.hvlab.core.spi.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmConfigTest {
    static final String EXAMPLE = """
            {
              "vm": { "vcpus": 2, "memory": { "physStart": "0x80000000", "size": "0x40000000" }, "image": "",
                      "pinning": [0, 1] },
              "host": { "scheduler": "fifo", "haltPolling": false, "haltPollNs": 0,
                        "memory": { "physStart": "0xf0000000", "size": "0x1000000" } },
              "vmm": { "devices": [ { "type": "lpuart", "base": "0x5a060000", "irq": 0 } ],
                       "ioeventfd": true, "irqfd": true, "pmu": true },
              "vhe": true
            }
            """;

    @Test
    void theProviderReadsItsConfigStrictly(@TempDir Path dir) throws Exception {
        var provider = Providers.hypervisor("kvm");
        assertEquals(KvmConfig.class, provider.configType());
        Path f = dir.resolve("kvm.json");
        Files.writeString(f, EXAMPLE);
        KvmConfig c = (KvmConfig) ConfigReader.read(f, "hypervisor config", KvmConfig.class);
        assertEquals(KvmConfig.Host.FIFO, c.host().scheduler());
        assertTrue(c.vhe());
        assertEquals(0x5A06_0000L, c.vmm().devices().get(0).base());
        assertTrue(provider.create(c) instanceof KvmModel);
        Files.writeString(f, EXAMPLE.replace("\"fifo\"", "\"rr\""));
        assertThrows(UserInputException.class, () -> ConfigReader.read(f, "hypervisor config", KvmConfig.class));
        Files.writeString(f, EXAMPLE.replace("\"pinning\": [0, 1]", "\"pinning\": [0]"));
        assertThrows(UserInputException.class, () -> ConfigReader.read(f, "hypervisor config", KvmConfig.class));
    }

    @Test
    void theDefaultsAreTwoPinnedVcpusWithHaltPollingAndNoVhe() {
        KvmConfig d = KvmConfig.defaults(6, false);
        assertEquals(2, d.vm().vcpus());
        assertEquals(java.util.List.of(0, 1), d.vm().pinning());
        assertTrue(d.host().haltPolling());
        assertEquals(500_000, d.host().haltPollNs());
        assertEquals(false, d.vhe());
    }

    @Test
    void theWorldSwitchContextIsWhatSysregSrSaves() {
        // __sysreg_save_common_state, __sysreg_save_el1_state (19), __sysreg_save_user_state,
        // __sysreg_save_el2_return_state: 24 slots, EL1 state at 1-21.
        assertEquals(24, WorldSwitch.CONTEXT.length);
        assertEquals(21, WorldSwitch.EL1_STATE.length);
        assertEquals("SCTLR_EL1", WorldSwitch.EL1_STATE[0]);
        assertEquals("TPIDRRO_EL0", WorldSwitch.EL1_STATE[20]);
    }
}
