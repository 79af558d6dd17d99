package dev.hvlab.cli;

import static dev.hvlab.cli.CliRun.hvlab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hvlab boot --hypervisor jailhouse [--hv-config]: the model installs, and --stats exports its ledger. */
class HypervisorBootTest {
    /** The root cell of the whole board, as a config file: every CPU, the DDR below the hypervisor, the console. */
    private static final String ROOT_CELL = """
            {
              "hypervisorMemory": { "physStart": "0xfdc00000", "size": "0x400000" },
              "maintenanceIrq": 25, "sdei": false,
              "rootCell": { "name": "root", "id": 0, "cpus": [0, 1, 2, 3, 4, 5], "irqs": [], "debugConsole": true,
                "image": "",
                "memoryRegions": [
                  { "physStart": "0x80000000", "virtStart": "0x80000000", "size": "0x7dc00000",
                    "flags": ["read", "write", "execute"] },
                  { "physStart": "0x5a060000", "virtStart": "0x5a060000", "size": "0x1000",
                    "flags": ["read", "write", "io"] } ] },
              "cells": [],
              "ivshmem": []
            }
            """;

    @TempDir
    Path dir;

    /**
     * The built-in demo as the root cell: its five CPU_ON calls are trapped SMCs that Jailhouse's PSCI
     * emulation serves, and each path's cycles are the sum of its steps'.
     */
    @Test
    void theLedgerOfAJailhouseBootIsInTheStats() throws IOException {
        for (String[] config : new String[][] {{}, {"--hv-config", Files.writeString(dir.resolve("root.json"), ROOT_CELL)
                .toString()}}) {
            Path stats = dir.resolve("stats.json");
            String[] base = {"boot", "--hypervisor", "jailhouse", "--max-time", "2ms", "--quiet", "--stats", stats.toString()};
            String[] args = new String[base.length + config.length];
            System.arraycopy(base, 0, args, 0, base.length);
            System.arraycopy(config, 0, args, base.length, config.length);
            CliRun r = hvlab(args);
            assertEquals(4, r.status(), "Jailhouse refuses SYSTEM_OFF, so the time limit ends the run: " + r.err());
            assertTrue(r.out().contains("cpu 0101"), "every CPU printed: " + r.out());
            JsonNode hv = new ObjectMapper().readTree(stats.toFile()).get("hypervisor");
            assertEquals("jailhouse", hv.get("model").asText());
            boolean psci = false;
            for (JsonNode path : hv.get("costLedger")) {
                long sum = 0;
                for (JsonNode step : path.get("steps")) {
                    sum += step.get("cycles").asLong();
                }
                assertEquals(path.get("cycles").asLong(), sum, path.get("path").asText() + ": the sum of its steps");
                if (path.get("path").asText().equals("psci")) {
                    psci = path.get("taken").asLong() >= 5;
                }
            }
            assertTrue(psci, "five CPU_ON calls through Jailhouse's PSCI: " + hv);
            assertEquals(0, hv.get("stoppedPartitions").size());
        }
    }

    @Test
    void aConfigWithoutAModelOrWithAnUnknownFieldIsOneLine() throws IOException {
        Path cfg = Files.writeString(dir.resolve("bad.json"), ROOT_CELL.replace("\"sdei\"", "\"sdie\""));
        assertTrue(hvlab("boot", "--hypervisor", "jailhouse", "--hv-config", cfg.toString()).oneLineError(2)
                .contains("sdie"));
        assertEquals("hvlab boot: --hv-config needs --hypervisor NAME",
                hvlab("boot", "--hv-config", cfg.toString()).oneLineError(2));
    }
}
