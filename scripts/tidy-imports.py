#!/usr/bin/env python3
"""Closes the gaps Error Prone's RemoveUnusedImports leaves: within a Java file's import block, blank lines are
dropped except the one between static and other imports. Usage: scripts/tidy-imports.py FILE..."""
import re
import sys

import os

for path in sys.argv[1:]:
    if not os.path.isfile(path):
        continue
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    idx = [i for i, l in enumerate(lines) if l.startswith("import ")]
    if not idx:
        continue
    first, last = idx[0], idx[-1]
    block = [l for l in lines[first:last + 1] if l.strip()]
    statics = [l for l in block if l.startswith("import static ")]
    others = [l for l in block if not l.startswith("import static ")]
    tidy = statics + ([""] if statics and others else []) + others
    head = lines[:first]
    while len(head) > 1 and head[-1] == "" and head[-2] == "":
        head.pop()
    out = "\n".join(head + tidy + lines[last + 1:])
    if out != text:
        open(path, "w", encoding="utf-8").write(out)
