package dev.hvlab.hv.xen;

import static dev.hvlab.core.gic.GicRegisters.GICD_IROUTER;

/**
 * {@code struct pending_irq} of Xen's old vGIC: one virtual interrupt's state (enabled, queued for
 * injection, visible in a list register, active), its priority and, for a passthrough SPI, the
 * physical INTID the list register's HW bit links it to.
 */
final class PendingIrq {
    final int virq;
    int priority = 0xA0;
    boolean enabled;
    /** GIC_IRQ_GUEST_QUEUED: to be injected. */
    boolean queued;
    /** GIC_IRQ_GUEST_VISIBLE: in a list register. */
    boolean visible;
    /** GIC_IRQ_GUEST_ACTIVE. */
    boolean active;
    /** The list register it occupies while visible. */
    int lr = -1;
    /** The physical INTID for a HW-mapped SPI, or -1. */
    int hwIrq = -1;
    /** Group 1 (IGROUPR). */
    boolean group1 = true;
    /** Edge-triggered (ICFGR). */
    boolean edge = true;
    /** GICD_IROUTER: the target vCPU of an SPI. */
    int targetVcpu;

    PendingIrq(int virq) {
        this.virq = virq;
    }

    boolean inflight(Vcpu v) {
        return v.inflight.contains(this);
    }
}
