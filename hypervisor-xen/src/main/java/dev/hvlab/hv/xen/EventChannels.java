package dev.hvlab.hv.xen;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * A domain's event channels with the 2-level ABI (xen/common/event_channel.c, event_2l.c): ports
 * unbound (waiting for a named remote domain) or interdomain (bound to a remote port), all notifying
 * vCPU 0. Sending sets the remote port's bit in the remote domain's shared info page
 * (evtchn_pending), and, if the port is unmasked and its selector bit was clear, the vCPU's
 * evtchn_upcall_pending, whose rising edge injects the event-channel PPI (31) into the vCPU.
 */
final class EventChannels {
    static final int NR_PORTS = 64 * 64;
    static final int FREE = 0;
    static final int UNBOUND = 1;
    static final int INTERDOMAIN = 2;

    /** Shared info layout (arm64, xen/include/public/xen.h): vcpu_info[32] of 64 bytes, then the bitmaps. */
    static final int VCPU_INFO_SIZE = 64;
    static final int UPCALL_PENDING = 0;
    static final int UPCALL_MASK = 1;
    static final int PENDING_SEL = 8;
    static final int EVTCHN_PENDING = 32 * VCPU_INFO_SIZE;
    static final int EVTCHN_MASK = EVTCHN_PENDING + 64 * 8;

    final XenDomain domain;
    final int[] state = new int[128];
    final int[] remoteDom = new int[128];
    final int[] remotePort = new int[128];

    EventChannels(XenDomain domain) {
        this.domain = domain;
    }

    /** get_free_port: the lowest free port above 0 (port 0 is reserved), or -1. */
    int freePort(El2Operations ops) {
        for (int p = 1; p < state.length; p++) {
            ops.compute("get_free_port", 2);
            if (state[p] == FREE) {
                return p;
            }
        }
        return -1;
    }

    boolean valid(int port) {
        return port > 0 && port < state.length;
    }

    /** evtchn_2l_set_pending + vcpu_mark_events_pending: returns the vCPU to raise the upcall on, or null. */
    Vcpu setPending(El2Operations ops, int port) {
        long si = domain.sharedInfoPa;
        long word = si + EVTCHN_PENDING + 8L * (port / 64);
        long bit = 1L << (port % 64);
        long pending = ops.load("test_and_set_bit evtchn_pending", word, 8);
        ops.store("test_and_set_bit evtchn_pending", word, pending | bit, 8);
        if ((pending & bit) != 0) {
            return null;
        }
        long mask = ops.load("test_bit evtchn_mask", si + EVTCHN_MASK + 8L * (port / 64), 8);
        if ((mask & bit) != 0) {
            return null;
        }
        Vcpu v = domain.vcpus.get(0);
        long vi = si + (long) VCPU_INFO_SIZE * v.id;
        long sel = ops.load("test_and_set_bit evtchn_pending_sel", vi + PENDING_SEL, 8);
        long selBit = 1L << (port / 64);
        ops.store("test_and_set_bit evtchn_pending_sel", vi + PENDING_SEL, sel | selBit, 8);
        if ((sel & selBit) != 0) {
            return null;
        }
        long upcall = ops.load("test_and_set evtchn_upcall_pending", vi + UPCALL_PENDING, 1);
        ops.store("test_and_set evtchn_upcall_pending", vi + UPCALL_PENDING, 1, 1);
        return upcall == 0 ? v : null;
    }

    /** evtchn_2l_unmask: clear the mask bit; a pending port raises the upcall again. */
    Vcpu unmask(El2Operations ops, int port) {
        long si = domain.sharedInfoPa;
        long maskWord = si + EVTCHN_MASK + 8L * (port / 64);
        long bit = 1L << (port % 64);
        long mask = ops.load("test_and_clear_bit evtchn_mask", maskWord, 8);
        ops.store("test_and_clear_bit evtchn_mask", maskWord, mask & ~bit, 8);
        long pending = ops.load("test_bit evtchn_pending", si + EVTCHN_PENDING + 8L * (port / 64), 8);
        if ((mask & bit) == 0 || (pending & bit) == 0) {
            return null;
        }
        Vcpu v = domain.vcpus.get(0);
        long vi = si + (long) VCPU_INFO_SIZE * v.id;
        long sel = ops.load("test_and_set_bit evtchn_pending_sel", vi + PENDING_SEL, 8);
        ops.store("test_and_set_bit evtchn_pending_sel", vi + PENDING_SEL, sel | 1L << (port / 64), 8);
        long upcall = ops.load("test_and_set evtchn_upcall_pending", vi + UPCALL_PENDING, 1);
        ops.store("test_and_set evtchn_upcall_pending", vi + UPCALL_PENDING, 1, 1);
        return upcall == 0 ? v : null;
    }

    /** Whether vCPU {@code v}'s evtchn_upcall_pending is set (local_events_need_delivery). */
    boolean upcallPending(El2Operations ops, Vcpu v) {
        return ops.load("load evtchn_upcall_pending", domain.sharedInfoPa + (long) VCPU_INFO_SIZE * v.id + UPCALL_PENDING,
                1) != 0;
    }

    /** Whether any of {@code ports} is pending (SCHEDOP_poll). */
    boolean anyPending(El2Operations ops, int[] ports) {
        for (int p : ports) {
            if (valid(p) && (ops.load("test_bit evtchn_pending", domain.sharedInfoPa + EVTCHN_PENDING + 8L * (p / 64), 8)
                    >>> (p % 64) & 1) != 0) {
                return true;
            }
        }
        return false;
    }
}
