#!/usr/bin/env python3
"""Records objdump's text for random words of every pattern of the encoding table.

Writes emulator-core/src/test/resources/disasm/objdump-golden.txt, which DisassemblerGoldenTest
checks on every `mvn test` without binutils. Words are drawn per pattern with a fixed seed,
biased like the Java live test (register 31, equal registers, zero/all-ones immediates), laid out
from address 0x400000 and disassembled by `aarch64-linux-gnu-objdump -D -b binary -m aarch64`.
Usage: scripts/gen-disasm-golden.py [per-pattern (default 40)] [seed (default 20240501)]
"""
import os, random, re, struct, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, 'emulator-core/src/main/resources/dev/hvlab/core/decode/a64.decode')
OUT = os.path.join(ROOT, 'emulator-core/src/test/resources/disasm/objdump-golden.txt')
OBJDUMP = 'aarch64-linux-gnu-objdump'
BASE = 0x400000


def patterns():
    """(name, mask, value, [(field, pos, len)]) for each line of a64.decode."""
    out = []
    for raw in open(TABLE):
        line = raw.split('#', 1)[0].strip()
        if not line or line in '{}':
            continue
        tok = line.split()
        pos, mask, value, fields = 32, 0, 0, []
        for t in tok[1:]:
            if '=' in t:
                continue
            if ':' in t:
                name, ln = t.split(':')
                pos -= int(ln)
                fields.append((name, pos, int(ln)))
                continue
            for c in t:
                pos -= 1
                if c in '01':
                    mask |= 1 << pos
                    value |= int(c) << pos
        assert pos == 0, tok[0]
        out.append((tok[0], mask, value, fields))
    return out


def insert(w, pos, ln, v):
    m = ((1 << ln) - 1) << pos
    return (w & ~m) | ((v << pos) & m)


def word(p, rnd):
    name, mask, value, fields = p
    w = value | (rnd.getrandbits(32) & ~mask & 0xffffffff)
    first = None
    for f, pos, ln in fields:
        reg = f.startswith('r') and ln == 5
        roll = rnd.randrange(10)
        if reg and roll < 2:
            w = insert(w, pos, ln, 31)
        elif reg and roll < 3 and first is not None:
            w = insert(w, pos, ln, first)
        elif not reg and roll == 0:
            w = insert(w, pos, ln, 0)
        elif not reg and roll == 1:
            w = insert(w, pos, ln, -1)
        if reg and first is None:
            first = (w >> pos) & 31
    return w & 0xffffffff


def directed():
    """Words random drawing rarely reaches: every hint and barrier option, every prefetch
    operation, the common system registers and SYS aliases, PSTATE fields, and every FP immediate
    of FMOV (scalar and vector)."""
    ws = [0xd503201f | i << 5 for i in range(128)]                       # HINT #0..#127
    ws += [0xd503309f | c << 8 for c in range(16)]                        # DSB
    ws += [0xd50330bf | c << 8 for c in range(16)]                        # DMB
    ws += [0xd50330df | c << 8 for c in (0, 5, 15)]                       # ISB
    ws += [0xd503305f | c << 8 for c in (0, 9, 15)]                       # CLREX
    ws += [0xf9800000 | rt for rt in range(32)]                           # PRFM (immediate)
    for op1, op2 in [(0, 3), (0, 4), (0, 5), (1, 0), (3, 1), (3, 2), (3, 4), (3, 6), (3, 7), (0, 0), (3, 3)]:
        ws += [0xd500401f | op1 << 16 | crm << 8 | op2 << 5 for crm in (0, 1, 2, 6, 7)]
    regs = [(3, 3, 13, 0, 2), (3, 3, 4, 2, 0), (3, 3, 4, 4, 0), (3, 3, 4, 4, 1), (3, 0, 0, 0, 0),
            (3, 3, 0, 0, 1), (3, 3, 0, 0, 7), (3, 3, 14, 0, 2), (3, 3, 14, 0, 0), (3, 0, 1, 0, 0),
            (3, 4, 1, 1, 0), (3, 4, 12, 0, 0), (3, 4, 5, 2, 0), (3, 3, 4, 2, 1), (3, 0, 4, 2, 2),
            (2, 3, 0, 5, 0), (3, 0, 12, 12, 0), (3, 4, 2, 0, 0), (3, 3, 9, 12, 0), (3, 7, 15, 2, 0)]
    for op0, op1, crn, crm, op2 in regs:
        e = (op0 - 2) << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | 3
        ws += [0xd5300000 | e, 0xd5100000 | e]                            # MRS, MSR
    for op1, crn, crm, op2 in [(3, 7, 14, 1), (3, 7, 4, 1), (3, 7, 5, 1), (0, 8, 3, 0), (0, 8, 3, 1),
                               (0, 7, 8, 0), (4, 8, 3, 0), (0, 7, 5, 0), (1, 7, 5, 0), (3, 7, 10, 1)]:
        for rt in (0, 31):
            ws.append(0xd5080000 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt)  # SYS
    ws += [0x1e201000 | t << 22 | imm8 << 13 | 7 for t in (0, 1) for imm8 in range(256)]  # FMOV (scalar, imm)
    ws += [0x4f00f400 | op << 29 | (imm8 >> 5) << 16 | (imm8 & 31) << 5 | 3          # FMOV (vector, imm)
           for op in (0, 1) for imm8 in range(256)]
    return ws


def pattern_of(pats, w):
    for name, mask, value, _ in pats:
        if w & mask == value:
            return name
    return '-'


def main():
    per = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20240501
    rnd = random.Random(seed)
    pats = patterns()
    rows = [(p[0], word(p, rnd)) for p in pats for _ in range(per)]
    rows += [(pattern_of(pats, w), w) for w in directed()]
    with tempfile.NamedTemporaryFile(suffix='.bin') as f:
        f.write(b''.join(struct.pack('<I', w) for _, w in rows))
        f.flush()
        out = subprocess.run([OBJDUMP, '-D', '-b', 'binary', '-m', 'aarch64',
                              '--adjust-vma=0x%x' % BASE, f.name],
                             capture_output=True, text=True, check=True).stdout
    text = {}
    for line in out.splitlines():
        m = re.match(r'\s*([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$', line)
        if m:
            text[int(m.group(1), 16)] = m.group(3)
    version = subprocess.run([OBJDUMP, '--version'], capture_output=True, text=True).stdout.splitlines()[0]
    lines = ['# objdump text of random words of every pattern of a64.decode, recorded from',
             '# ' + version + ' (-D -b binary -m aarch64 --adjust-vma=0x%x)' % BASE,
             '# by scripts/gen-disasm-golden.py %d %d; regenerate with it, do not edit by hand.' % (per, seed),
             '# pattern <TAB> address <TAB> word <TAB> objdump text']
    for i, (name, w) in enumerate(rows):
        a = BASE + 4 * i
        lines.append('%s\t%x\t%08x\t%s' % (name, a, w, text[a]))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print('wrote', OUT, len(rows), 'words')


if __name__ == '__main__':
    main()
