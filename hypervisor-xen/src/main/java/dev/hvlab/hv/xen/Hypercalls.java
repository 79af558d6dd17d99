package dev.hvlab.hv.xen;

import dev.hvlab.core.hypervisor.El2Operations;

/**
 * do_trap_hypercall (xen/arch/arm/traps.c): {@code HVC #0xEA1}, the hypercall number in x16 and
 * arguments in x0-x4, the result in x0. The subset a guest needs to measure the paths and talk
 * between domains: xen_version, console_io (write), sched_op (yield, block, shutdown, poll),
 * event_channel_op (alloc_unbound, bind_interdomain, send, close, unmask), vcpu_op (is_up, up,
 * down) and memory_op XENMEM_add_to_physmap for the shared info page. Guest buffers are reached
 * through the domain's p2m (guest virtual = guest physical: the guests here run with the MMU off).
 */
final class Hypercalls {
    static final int XEN_HYPERCALL_TAG = 0xEA1;
    static final int HYPERVISOR_MEMORY_OP = 12;
    static final int HYPERVISOR_XEN_VERSION = 17;
    static final int HYPERVISOR_CONSOLE_IO = 18;
    static final int HYPERVISOR_VCPU_OP = 24;
    static final int HYPERVISOR_SCHED_OP = 29;
    static final int HYPERVISOR_EVENT_CHANNEL_OP = 32;

    static final int XENVER_VERSION = 0;
    static final int CONSOLEIO_WRITE = 0;
    static final int SCHEDOP_YIELD = 0;
    static final int SCHEDOP_BLOCK = 1;
    static final int SCHEDOP_SHUTDOWN = 2;
    static final int SCHEDOP_POLL = 3;
    static final int EVTCHNOP_BIND_INTERDOMAIN = 0;
    static final int EVTCHNOP_CLOSE = 3;
    static final int EVTCHNOP_SEND = 4;
    static final int EVTCHNOP_ALLOC_UNBOUND = 6;
    static final int EVTCHNOP_UNMASK = 9;
    static final int VCPUOP_UP = 1;
    static final int VCPUOP_DOWN = 2;
    static final int VCPUOP_IS_UP = 3;
    static final int XENMEM_ADD_TO_PHYSMAP = 7;
    static final int XENMAPSPACE_SHARED_INFO = 0;
    static final int DOMID_SELF = 0x7FF0;
    /** Xen 4.19. */
    static final long VERSION = 4L << 16 | 19;

    static final long EPERM = -1;
    static final long ENOENT = -2;
    static final long ESRCH = -3;
    static final long EFAULT = -14;
    static final long EINVAL = -22;
    static final long ENOSYS = -38;

    private final XenModel xen;

    Hypercalls(XenModel xen) {
        this.xen = xen;
    }

    void call(El2Operations ops, Vcpu v) {
        int nr = (int) ops.gpr(16);
        ops.compute("do_trap_hypercall: check ISS, table bound", 6);
        ops.compute("call_handlers_arm: table dispatch", 8);
        long r = switch (nr) {
            case HYPERVISOR_XEN_VERSION -> ops.gpr(0) == XENVER_VERSION ? VERSION : ENOSYS;
            case HYPERVISOR_CONSOLE_IO -> consoleIo(ops, v);
            case HYPERVISOR_SCHED_OP -> schedOp(ops, v);
            case HYPERVISOR_EVENT_CHANNEL_OP -> eventChannelOp(ops, v);
            case HYPERVISOR_VCPU_OP -> vcpuOp(ops, v);
            case HYPERVISOR_MEMORY_OP -> memoryOp(ops, v);
            default -> ENOSYS;
        };
        ops.setGpr(0, r);
        ops.compute("ioreq mapcache check", 3);
    }

    /** copy_from_guest: the guest address through the p2m (gvirt_to_maddr: AT S12E1R, PAR_EL1). */
    private long guestPa(El2Operations ops, XenDomain d, long gva, long size) {
        ops.compute("AT S12E1R", 2);
        ops.readSysreg("PAR_EL1");
        if (d.ramContains(gva, Math.max(1, size))) {
            return d.toPa(gva);
        }
        return -1;
    }

    private long consoleIo(El2Operations ops, Vcpu v) {
        if (ops.gpr(0) != CONSOLEIO_WRITE) {
            return ENOSYS;
        }
        int count = (int) Math.min(ops.gpr(1), 4096);
        long pa = guestPa(ops, v.domain, ops.gpr(2), count);
        if (pa < 0) {
            return EFAULT;
        }
        byte[] b = new byte[count];
        for (int i = 0; i < count; i += 8) {
            ops.load("copy_from_guest", pa + i, 8);
        }
        ops.cpu().memory().read(pa, b, 0, count);
        xen.console(v.domain, b);
        return count;
    }

    private long schedOp(El2Operations ops, Vcpu v) {
        int cmd = (int) ops.gpr(0);
        switch (cmd) {
            case SCHEDOP_YIELD:
                ops.path("hypercall-sched-yield");
                xen.vcpuYield(ops, v);
                return 0;
            case SCHEDOP_BLOCK:
                ops.path("hypercall-sched-block");
                // local_event_delivery_enable + vcpu_block_enable_events
                xen.block(ops, v);
                if (xen.vgic().pending(ops, v)) {
                    xen.unblock(ops, v);
                }
                return 0;
            case SCHEDOP_SHUTDOWN: {
                long pa = guestPa(ops, v.domain, ops.gpr(1), 4);
                if (pa < 0) {
                    return EFAULT;
                }
                ops.load("copy_from_guest sched_shutdown", pa, 4);
                xen.shutdown(ops, v.domain);
                return 0;
            }
            case SCHEDOP_POLL: {
                ops.path("hypercall-sched-poll");
                long pa = guestPa(ops, v.domain, ops.gpr(1), 24);
                if (pa < 0) {
                    return EFAULT;
                }
                long portsGva = ops.load("copy_from_guest sched_poll.ports", pa, 8);
                int nr = (int) ops.load("copy_from_guest sched_poll.nr_ports", pa + 8, 4);
                if (nr < 0 || nr > 128) {
                    return EINVAL;
                }
                long ppa = guestPa(ops, v.domain, portsGva, 4L * nr);
                if (ppa < 0) {
                    return EFAULT;
                }
                int[] ports = new int[nr];
                for (int i = 0; i < nr; i++) {
                    ports[i] = (int) ops.load("copy_from_guest port", ppa + 4L * i, 4);
                }
                if (v.domain.evtchn.anyPending(ops, ports)) {
                    return 0;
                }
                v.pollPorts = ports;
                xen.block(ops, v);
                return 0;
            }
            default:
                return ENOSYS;
        }
    }

    private XenDomain domainArg(XenDomain self, int domid) {
        return domid == DOMID_SELF ? self : xen.domain(domid);
    }

    private long eventChannelOp(El2Operations ops, Vcpu v) {
        int cmd = (int) ops.gpr(0);
        XenDomain d = v.domain;
        long pa = guestPa(ops, d, ops.gpr(1), 12);
        if (pa < 0) {
            return EFAULT;
        }
        long lock = xen.memory().domain(d.id) + XenMemory.DOMAIN_EVTCHN_LOCK;
        switch (cmd) {
            case EVTCHNOP_ALLOC_UNBOUND: {
                ops.path("hypercall-evtchn-alloc-unbound");
                int dom = (int) ops.load("copy_from_guest alloc_unbound.dom", pa, 2);
                int remote = (int) ops.load("copy_from_guest alloc_unbound.remote_dom", pa + 2, 2);
                XenDomain target = domainArg(d, dom);
                XenDomain remoteDom = domainArg(d, remote);
                if (target != d) {
                    return EPERM;
                }
                if (remoteDom == null) {
                    return ESRCH;
                }
                ops.store("spin_lock event_lock", lock, 1, 4);
                int port = d.evtchn.freePort(ops);
                if (port < 0) {
                    ops.store("spin_unlock event_lock", lock, 0, 4);
                    return -28; // ENOSPC
                }
                d.evtchn.state[port] = EventChannels.UNBOUND;
                d.evtchn.remoteDom[port] = remoteDom.id;
                ops.store("evtchn->state = ECS_UNBOUND", xen.memory().domain(d.id) + XenMemory.DOMAIN_EVTCHN_BUCKET
                        + 16L * port, EventChannels.UNBOUND, 4);
                ops.store("spin_unlock event_lock", lock, 0, 4);
                ops.store("copy_to_guest alloc_unbound.port", pa + 4, port, 4);
                return 0;
            }
            case EVTCHNOP_BIND_INTERDOMAIN: {
                ops.path("hypercall-evtchn-bind");
                int remote = (int) ops.load("copy_from_guest bind.remote_dom", pa, 2);
                int rport = (int) ops.load("copy_from_guest bind.remote_port", pa + 4, 4);
                XenDomain rd = domainArg(d, remote);
                if (rd == null) {
                    return ESRCH;
                }
                if (!rd.evtchn.valid(rport) || rd.evtchn.state[rport] != EventChannels.UNBOUND
                        || rd.evtchn.remoteDom[rport] != d.id) {
                    return EINVAL;
                }
                ops.store("double_evtchn_lock", lock, 1, 4);
                int port = d.evtchn.freePort(ops);
                if (port < 0) {
                    return -28;
                }
                d.evtchn.state[port] = EventChannels.INTERDOMAIN;
                d.evtchn.remoteDom[port] = rd.id;
                d.evtchn.remotePort[port] = rport;
                rd.evtchn.state[rport] = EventChannels.INTERDOMAIN;
                rd.evtchn.remoteDom[rport] = d.id;
                rd.evtchn.remotePort[rport] = port;
                ops.store("evtchn->state = ECS_INTERDOMAIN", xen.memory().domain(d.id)
                        + XenMemory.DOMAIN_EVTCHN_BUCKET + 16L * port, EventChannels.INTERDOMAIN, 4);
                ops.store("remote evtchn->state = ECS_INTERDOMAIN", xen.memory().domain(rd.id)
                        + XenMemory.DOMAIN_EVTCHN_BUCKET + 16L * rport, EventChannels.INTERDOMAIN, 4);
                ops.store("double_evtchn_unlock", lock, 0, 4);
                ops.store("copy_to_guest bind.local_port", pa + 8, port, 4);
                // evtchn_port_init + the bound port's pending state is delivered.
                return 0;
            }
            case EVTCHNOP_SEND: {
                ops.path("hypercall-evtchn-send");
                int port = (int) ops.load("copy_from_guest send.port", pa, 4);
                if (!d.evtchn.valid(port)) {
                    return EINVAL;
                }
                ops.store("evtchn_read_trylock", lock, 1, 4);
                long r = 0;
                if (d.evtchn.state[port] == EventChannels.INTERDOMAIN) {
                    XenDomain rd = xen.domain(d.evtchn.remoteDom[port]);
                    int rport = d.evtchn.remotePort[port];
                    Vcpu target = rd.evtchn.setPending(ops, rport);
                    xen.upcall(ops, target);
                    wakePollers(ops, rd, rport);
                } else if (d.evtchn.state[port] != EventChannels.UNBOUND) {
                    r = EINVAL;
                }
                ops.store("evtchn_read_unlock", lock, 0, 4);
                return r;
            }
            case EVTCHNOP_CLOSE: {
                ops.path("hypercall-evtchn-close");
                int port = (int) ops.load("copy_from_guest close.port", pa, 4);
                if (!d.evtchn.valid(port)) {
                    return EINVAL;
                }
                ops.store("spin_lock event_lock", lock, 1, 4);
                if (d.evtchn.state[port] == EventChannels.INTERDOMAIN) {
                    XenDomain rd = xen.domain(d.evtchn.remoteDom[port]);
                    int rport = d.evtchn.remotePort[port];
                    rd.evtchn.state[rport] = EventChannels.UNBOUND;
                    rd.evtchn.remoteDom[rport] = d.id;
                }
                d.evtchn.state[port] = EventChannels.FREE;
                ops.store("spin_unlock event_lock", lock, 0, 4);
                return 0;
            }
            case EVTCHNOP_UNMASK: {
                ops.path("hypercall-evtchn-unmask");
                int port = (int) ops.load("copy_from_guest unmask.port", pa, 4);
                if (!d.evtchn.valid(port)) {
                    return EINVAL;
                }
                xen.upcall(ops, d.evtchn.unmask(ops, port));
                return 0;
            }
            default:
                return ENOSYS;
        }
    }

    /** evtchn_port_set_pending's poll check: a vCPU polling on the port is woken. */
    private void wakePollers(El2Operations ops, XenDomain d, int port) {
        for (Vcpu w : d.vcpus) {
            if (w.pollPorts == null) {
                continue;
            }
            for (int p : w.pollPorts) {
                if (p == port) {
                    w.pollPorts = null;
                    xen.unblock(ops, w);
                    break;
                }
            }
        }
    }

    private long vcpuOp(El2Operations ops, Vcpu v) {
        int cmd = (int) ops.gpr(0);
        int id = (int) ops.gpr(1);
        if (id < 0 || id >= v.domain.vcpus.size()) {
            return ENOENT;
        }
        Vcpu t = v.domain.vcpus.get(id);
        return switch (cmd) {
            case VCPUOP_IS_UP -> t.state == Vcpu.State.OFFLINE ? 0 : 1;
            case VCPUOP_DOWN -> {
                xen.offline(ops, t);
                yield 0;
            }
            default -> ENOSYS; // VCPUOP_up needs a vcpu_guest_context: PSCI CPU_ON is the Arm way
        };
    }

    private long memoryOp(El2Operations ops, Vcpu v) {
        if (ops.gpr(0) != XENMEM_ADD_TO_PHYSMAP) {
            return ENOSYS;
        }
        XenDomain d = v.domain;
        long pa = guestPa(ops, d, ops.gpr(1), 24);
        if (pa < 0) {
            return EFAULT;
        }
        int domid = (int) ops.load("copy_from_guest xatp.domid", pa, 2);
        int space = (int) ops.load("copy_from_guest xatp.space", pa + 4, 4);
        long idx = ops.load("copy_from_guest xatp.idx", pa + 8, 8);
        long gpfn = ops.load("copy_from_guest xatp.gpfn", pa + 16, 8);
        if (domainArg(d, domid) != d) {
            return EPERM;
        }
        if (space != XENMAPSPACE_SHARED_INFO || idx != 0) {
            return EINVAL;
        }
        if (d.sharedInfoGpfn >= 0) {
            ops.stage2Unmap(d.p2m, d.sharedInfoGpfn << 12, 0x1000);
        }
        ops.stage2Unmap(d.p2m, gpfn << 12, 0x1000);
        ops.stage2Map(d.p2m, gpfn << 12, d.sharedInfoPa, 0x1000, DomainBuilder.RAM_ATTRS | dev.hvlab.core.hypervisor.Stage2Tables.XN);
        ops.tlbiVmalls12e1();
        d.sharedInfoGpfn = gpfn;
        return 0;
    }
}
