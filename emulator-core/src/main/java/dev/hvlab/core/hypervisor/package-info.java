/**
 * The EL2 model SPI: hypervisors as Java models of what they do at EL2.
 *
 * <p>A {@link dev.hvlab.core.spi.HypervisorProvider} (found with {@link java.util.ServiceLoader})
 * creates a {@link dev.hvlab.core.hypervisor.HypervisorModel}; {@link
 * dev.hvlab.core.hypervisor.El2Dispatcher#install} hooks it into the exception model. The model
 * configures EL2 as the real hypervisor does, so the architecture decides what traps; the
 * dispatcher takes each exception routed to EL2 architecturally and calls the model's handler for
 * its class ({@link dev.hvlab.core.hypervisor.Trap} is the decoded syndrome); handlers act only
 * through {@link dev.hvlab.core.hypervisor.El2Operations}, which prices every step with the timing
 * model's {@link dev.hvlab.core.machine.PrimitiveCosts} and records it in the
 * {@link dev.hvlab.core.hypervisor.CostLedger}. An UNHANDLED or FORBIDDEN trap stops only its
 * {@link dev.hvlab.core.hypervisor.Partition}, with a {@link dev.hvlab.core.hypervisor.PartitionReport}.
 * See docs/HYPERVISOR-MODELS.md.
 */
package dev.hvlab.core.hypervisor;
