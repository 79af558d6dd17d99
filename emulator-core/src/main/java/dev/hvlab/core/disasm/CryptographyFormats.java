package dev.hvlab.core.disasm;

/** The Cryptographic Extension (AES, SHA-1, SHA-256), in objdump's syntax. */
final class CryptographyFormats {
    private CryptographyFormats() {
    }

    static void register(Formats f) {
        Formats.each(f, "AESE AESD AESMC AESIMC", (i, m) -> m + "\tv" + i.f("rd") + ".16b, v" + i.f("rn") + ".16b");
        Formats.each(f, "SHA1C SHA1P SHA1M", (i, m) -> m + "\tq" + i.f("rd") + ", s" + i.f("rn") + ", v" + i.f("rm") + ".4s");
        Formats.each(f, "SHA256H SHA256H2", (i, m) -> m + "\tq" + i.f("rd") + ", q" + i.f("rn") + ", v" + i.f("rm") + ".4s");
        Formats.each(f, "SHA1SU0 SHA256SU1",
                (i, m) -> m + "\tv" + i.f("rd") + ".4s, v" + i.f("rn") + ".4s, v" + i.f("rm") + ".4s");
        Formats.each(f, "SHA1H", (i, m) -> m + "\ts" + i.f("rd") + ", s" + i.f("rn"));
        Formats.each(f, "SHA1SU1 SHA256SU0", (i, m) -> m + "\tv" + i.f("rd") + ".4s, v" + i.f("rn") + ".4s");
    }
}
