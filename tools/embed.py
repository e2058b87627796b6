#!/usr/bin/env python3
"""Embed files into a C source file as NUL-terminated byte arrays.

usage: embed.py OUT.c SYMBOL FILE...

Writes `const struct embedded_file SYMBOL[]` and `const size_t SYMBOL_count`,
each entry holding the file's base name, its bytes and its length, in the
order given on the command line (sorted by the caller).
"""
import os
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: embed.py OUT.c SYMBOL FILE...")
    out, symbol, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    lines = ['#include "core/embed.h"', ""]
    for i, path in enumerate(files):
        with open(path, "rb") as f:
            data = f.read()
        lines.append("static const unsigned char %s_%d[] = {" % (symbol, i))
        for k in range(0, len(data), 16):
            lines.append("\t" + "".join("%d," % b for b in data[k:k + 16]))
        lines.append("\t0};")
    lines.append("const struct embedded_file %s[] = {" % symbol)
    for i, path in enumerate(files):
        name = os.path.basename(path)
        size = os.path.getsize(path)
        lines.append('\t{"%s", %s_%d, %d},' % (name, symbol, i, size))
    lines.append("\t{0, 0, 0}};")
    lines.append("const size_t %s_count = %d;" % (symbol, len(files)))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
