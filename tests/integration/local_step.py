#!/usr/bin/env python3
"""cicd/naive::localStep end to end (issue 5): real commands run in sequence on this machine, their output
logged under the step's name, and the outcomes of packages.md §4.6/§4.7."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = os.path.join(HERE, "local_step", "main.mel")


def run(melodium, lines):
    proc = subprocess.run([melodium, "run", "--parse-arguments", PROGRAM, "--lines", json.dumps(lines)],
                          capture_output=True, text=True, timeout=120)
    out = proc.stdout.splitlines()
    outcomes = {line.split("info: outcome: ", 1)[1] for line in out if "info: outcome: " in line}
    return proc, out, outcomes


def expect(condition, what, proc):
    if not condition:
        print(f"FAILED: {what}\n--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}")
        sys.exit(1)


def main() -> int:
    melodium = sys.argv[1]

    # Three commands, the second fails: error, the third never runs, the output is labelled with the step.
    proc, out, outcomes = run(melodium, ["echo first output", "sh -c 'echo second; echo oops >&2; exit 3'",
                                         "echo third"])
    expect(proc.returncode == 0, "exit code 0", proc)
    expect(outcomes == {"started", "error", "completed", "finished"}, f"outcomes {sorted(outcomes)}", proc)
    lines = [line.split("] ", 1)[1] for line in out if "] " in line]
    expect("debug: build: first output" in lines and "debug: build: second" in lines, "labelled output", proc)
    expect(lines.index("debug: build: first output") < lines.index("debug: build: second"), "output order", proc)
    expect("debug: build: oops" in lines, "standard error labelled too", proc)
    expect(not any("third" in line for line in lines), "the third command did not run", proc)
    expect("error: build: Commands failed (non-zero exit)" in lines, "summary error", proc)

    # Every command succeeds.
    proc, out, outcomes = run(melodium, ["echo hello", "true"])
    expect(outcomes == {"started", "success", "completed", "finished"}, f"outcomes {sorted(outcomes)}", proc)
    expect(any(line.endswith("debug: build: hello") for line in out), "output", proc)

    # A program that does not exist: failed, with the OS's reason logged under the step's name.
    proc, out, outcomes = run(melodium, ["no-such-program-for-melodium-tests"])
    expect(outcomes == {"failed", "finished"}, f"outcomes {sorted(outcomes)}", proc)
    expect(any("error: build: " in line and "No such file or directory" in line for line in out), "reason", proc)

    # No command: the sequence completes, nothing started, neither success nor error.
    proc, out, outcomes = run(melodium, [])
    expect(outcomes == {"completed", "finished"}, f"outcomes {sorted(outcomes)}", proc)

    print("local_step: all cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
