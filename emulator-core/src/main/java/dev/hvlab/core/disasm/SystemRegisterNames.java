package dev.hvlab.core.disasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The system register names (MRS/MSR) and SYS operation aliases (AT, DC, IC, TLBI ...) that objdump
 * prints, read from {@code system-names.txt} (recorded from objdump by
 * {@code scripts/gen-disasm-sysnames.py}). Registers without a name print in the generic
 * {@code s3_3_c13_c0_2} form.
 */
final class SystemRegisterNames {
    /** A SYS operation alias: "dc" + "civac", and whether it takes Xt. */
    record SysOp(String mnemonic, String operation, boolean hasXt) {
    }

    private static final SystemRegisterNames INSTANCE = load();

    private final Map<Integer, String> readNames = new HashMap<>();
    private final Map<Integer, String> writeNames = new HashMap<>();
    private final Map<Integer, SysOp> sysOps = new HashMap<>();

    static SystemRegisterNames get() {
        return INSTANCE;
    }

    /** The key: op0:op1:CRn:CRm:op2, as in the encoding. */
    static int key(int op0, int op1, int crn, int crm, int op2) {
        return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
    }

    String register(boolean read, int op0, int op1, int crn, int crm, int op2) {
        String n = (read ? readNames : writeNames).get(key(op0, op1, crn, crm, op2));
        return n != null ? n : "s" + op0 + "_" + op1 + "_c" + crn + "_c" + crm + "_" + op2;
    }

    SysOp sys(int op1, int crn, int crm, int op2) {
        return sysOps.get(key(1, op1, crn, crm, op2));
    }

    private static SystemRegisterNames load() {
        SystemRegisterNames t = new SystemRegisterNames();
        try (InputStream in = SystemRegisterNames.class.getResourceAsStream("system-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource system-names.txt");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] w = line.trim().split("\\s+");
                if (w[0].equals("reg")) {
                    int k = key(i(w[2]), i(w[3]), i(w[4]), i(w[5]), i(w[6]));
                    if (w[1].contains("r")) {
                        t.readNames.put(k, w[7]);
                    }
                    if (w[1].contains("w")) {
                        t.writeNames.put(k, w[7]);
                    }
                } else if (w[0].equals("sys")) {
                    t.sysOps.put(key(1, i(w[1]), i(w[2]), i(w[3]), i(w[4])),
                            new SysOp(w[5], w[6], w[7].equals("xt")));
                } else {
                    throw new IllegalStateException("system-names.txt: bad line " + line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    private static int i(String s) {
        return Integer.parseInt(s);
    }
}
