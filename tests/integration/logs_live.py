#!/usr/bin/env python3
"""A log line must be in the --logs file while the program still runs (flushed per line)."""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> int:
    melodium = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        logs = os.path.join(tmp, "run.log")
        proc = subprocess.Popen([melodium, "run", "--logs", logs, os.path.join(HERE, "logs_live", "main.mel")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seen_while_running = False
        deadline = time.time() + 60
        while time.time() < deadline:
            if os.path.exists(logs):
                with open(logs) as f:
                    if "info: live: first line" in f.read():
                        seen_while_running = proc.poll() is None
                        break
            if proc.poll() is not None:
                break
            time.sleep(0.01)
        out, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            print(f"FAIL: exit code {proc.returncode}\n{err.decode()}", file=sys.stderr)
            return 1
        if not seen_while_running:
            print("FAIL: the log line was not in the --logs file while the program ran", file=sys.stderr)
            return 1
        with open(logs) as f:
            content = f.read()
        if "\x1b[" in content:
            print("FAIL: the --logs file has colour codes", file=sys.stderr)
            return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
