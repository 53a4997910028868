#!/usr/bin/env python3
"""readLocal → writeLocal copies a 200 MB file byte for byte while the process's memory stays bounded: the
file streams in chunks, it is never loaded whole (issue 5: peak RSS under 64 MB).

    fs_copy.py MELODIUM [--sanitized]

A sanitized build (AddressSanitizer: shadow memory, a heap of its own) cannot meet an absolute bound meant for
the product, so with --sanitized the test asserts what the bound stands for: copying 200 MiB takes no more
memory than copying 50 MiB (within 16 MiB), the quarantine of freed memory being turned off."""
import hashlib
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MIB = 1024 * 1024
LIMIT_KB = 64 * 1024
GROWTH_LIMIT_KB = 16 * 1024


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def copy_once(melodium, tmp, size):
    """Copies a file of `size` bytes; returns the peak RSS of the melodium process in KiB."""
    source = os.path.join(tmp, f"source-{size}.bin")
    copy = os.path.join(tmp, f"copy-{size}.bin")
    usage = os.path.join(tmp, "usage.txt")
    block = os.urandom(MIB)
    with open(source, "wb") as f:
        for i in range(size // MIB):
            f.write(bytes([i & 0xFF]) + block[1:])  # every MiB different
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", usage, melodium, "run",
                           os.path.join(HERE, "fs_copy", "main.mel"), "--from", source, "--to", copy],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or "info: copy: written" not in proc.stdout:
        print(f"FAILED: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        sys.exit(1)
    if os.path.getsize(copy) != size or digest(copy) != digest(source):
        print("FAILED: the copy differs from the source")
        sys.exit(1)
    os.remove(source)
    os.remove(copy)
    with open(usage) as f:
        return int(f.read().split()[-1])


def main() -> int:
    melodium = sys.argv[1]
    sanitized = "--sanitized" in sys.argv[2:]
    if sanitized:
        os.environ["ASAN_OPTIONS"] = os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=0"
    with tempfile.TemporaryDirectory() as tmp:
        peak = copy_once(melodium, tmp, 200 * MIB)
        print(f"fs_copy: 200 MiB copied byte for byte, peak RSS {peak / 1024:.1f} MiB")
        if not sanitized:
            if peak > LIMIT_KB:
                print(f"FAILED: peak RSS {peak} KiB over {LIMIT_KB} KiB")
                return 1
            return 0
        small = copy_once(melodium, tmp, 50 * MIB)
        print(f"fs_copy: 50 MiB copied byte for byte, peak RSS {small / 1024:.1f} MiB")
        if peak - small > GROWTH_LIMIT_KB:
            print(f"FAILED: memory grows with the file: {small} KiB for 50 MiB, {peak} KiB for 200 MiB")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
