package dev.hvlab.hv.xvisor;

final class Virtio {
    private Virtio() {
    }

    static Emulator create(XvisorModel model, GuestVm g, XvisorConfig.Device dev) {
        throw new UnsupportedOperationException("virtio not yet");
    }
}
