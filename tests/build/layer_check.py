#!/usr/bin/env python3
"""The layer check of cmake/MelodiumLayers.cmake (docs/architecture.md): a library whose code includes a header
of a library it does not link fails the build, naming the file, the line's header and the library; with the
link it passes. Runs the check's script mode on a small tree of its own.

usage: layer_check.py CMAKE SCRIPT"""

import pathlib
import subprocess
import sys
import tempfile


def check(cmake, script, root, files, visible, stamp):
    layers = ["runtime/model", "packages/process", "packages/work", "packages/distrib", "packages/register"]
    return subprocess.run(
        [cmake, "-DMEL_LAYER_TARGET=mel_pkg_work", f"-DMEL_LAYER_ROOT={root}",
         "-DMEL_LAYER_FILES=" + "|".join(str(root / f) for f in files), "-DMEL_LAYER_VISIBLE=" + "|".join(visible),
         "-DMEL_LAYER_ALL=" + "|".join(layers), f"-DMEL_LAYER_STAMP={stamp}", "-P", script],
        capture_output=True, text=True, timeout=60)


def main():
    cmake, script = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "packages/work").mkdir(parents=True)
        (root / "packages/work/access.cpp").write_text(
            '#include "packages/work/access.h"\n'
            '#include <vector>\n'
            '#include "runtime/model/value.h"\n'
            '  #  include "packages/distrib/dispatcher.h" // the reverse edge\n'
            '#include "packages/registered.h"\n'   # a name that only starts like a layer: not one
            '#include "packages/register.h"\n')
        stamp = root / "stamp"
        visible = ["runtime/model", "packages/process", "packages/work"]

        got = check(cmake, script, root, ["packages/work/access.cpp"], visible, stamp)
        out = got.stdout + got.stderr
        if got.returncode == 0 or stamp.exists():
            failures.append("an include of an unlinked package passed the check")
        for expected in ['packages/work/access.cpp includes "packages/distrib/dispatcher.h" (packages/distrib), '
                         'which mel_pkg_work does not link',
                         'packages/work/access.cpp includes "packages/register.h" (packages/register)']:
            if expected not in " ".join(out.split()):
                failures.append(f"the failure does not say: {expected}\n--- output:\n{out}")
        for wrong in ["registered.h", "runtime/model/value.h", "packages/work/access.h"]:
            if wrong in out:
                failures.append(f"the failure names an allowed include: {wrong}\n--- output:\n{out}")

        got = check(cmake, script, root, ["packages/work/access.cpp"],
                    visible + ["packages/distrib", "packages/register"], stamp)
        if got.returncode != 0 or not stamp.exists():
            failures.append(f"the check failed with every layer linked:\n{got.stdout}{got.stderr}")

    for f in failures:
        print("FAIL:", f)
    print("layer check:", "ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
