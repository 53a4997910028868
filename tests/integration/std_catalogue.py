#!/usr/bin/env python3
"""The std catalogue is complete (issue 10): `melodium info --elements` lists, for the std package, the 272
treatments and 176 functions of the reference's catalogue (std.md §5: native ones and those written in std's
.mel areas), every one with a body, and no element of any package is declared without one. Also checks that
`melodium doc --full` documents every listed element on a page of its own."""
import os
import subprocess
import sys
import tempfile


def main() -> int:
    melodium = sys.argv[1]
    out = subprocess.run([melodium, "info", "--elements"], capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    rows = [line.split("\t") for line in lines[:-1]]
    failures = []
    treatments = [r for r in rows if r[1].startswith("std/") and r[0] == "treatment"]
    functions = [r for r in rows if r[1].startswith("std/") and r[0] == "function"]
    if len(treatments) != 272:
        failures.append(f"std treatments: {len(treatments)}, expected 272")
    if len(functions) != 176:
        failures.append(f"std functions: {len(functions)}, expected 176")
    without = [r[1] for r in rows if r[2] != "body"]
    if without:
        failures.append("declared without a body: " + ", ".join(without))
    if not lines[-1].endswith(", 0 without"):
        failures.append(f"summary line: {lines[-1]}")

    with tempfile.TemporaryDirectory() as tmp:
        book = os.path.join(tmp, "book")
        subprocess.run([melodium, "doc", "--full", book], capture_output=True, check=True)
        pages = 0
        for root, _, names in os.walk(os.path.join(book, "src")):
            pages += sum(1 for n in names if n.endswith(".md") and n not in ("index.md", "README.md", "SUMMARY.md"))
        if pages != len(rows):
            failures.append(f"doc --full wrote {pages} element pages for {len(rows)} elements")

    for f in failures:
        print("FAIL:", f)
    print(f"{len(treatments)} std treatments, {len(functions)} std functions, {len(rows)} elements in all")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
