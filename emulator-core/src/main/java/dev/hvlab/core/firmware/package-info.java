/**
 * The EL3 firmware model used when no EL3 software runs: {@link dev.hvlab.core.firmware.El3Firmware}
 * answers SMCs (PSCI 1.1, SMCCC Arm Architecture Calls) and asks the machine, through a
 * {@link dev.hvlab.core.firmware.PowerController}, to start, stop or end CPUs and the run.
 */
package dev.hvlab.core.firmware;
