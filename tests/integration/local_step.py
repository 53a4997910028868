#!/usr/bin/env python3
"""cicd/naive::localStep end to end (issue 5): real commands run in sequence on this machine, their output
logged under the step's name, and the outcomes of packages.md §4.6/§4.7."""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = os.path.join(HERE, "local_step", "main.mel")


def run(melodium, lines, options=()):
    proc = subprocess.run([melodium, "run", *options, "--parse-arguments", PROGRAM, "--lines", json.dumps(lines)],
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
    # Output lines at info level (the reference's are at debug level: nothing shows by default).
    expect("info: build: first output" in lines and "info: build: second" in lines, "labelled output", proc)
    expect(lines.index("info: build: first output") < lines.index("info: build: second"), "output order", proc)
    expect("info: build: oops" in lines, "standard error labelled too", proc)
    expect(not any("third" in line for line in lines), "the third command did not run", proc)
    # The failing command and its status are named.
    expect("error: build: command 2 of 3 (`sh -c 'echo second; echo oops >&2; exit 3'`) exited with status 3"
           in lines, "the failed command named", proc)
    # The step's own lines: started, then how it ended with its duration; the summary at the end.
    expect("info: build: started" in lines, "started line", proc)
    ended = [line for line in lines if re.fullmatch(r"error: build: failed \(a command exited with a non-zero "
                                                     r"status\) in \d+\.\d s", line)]
    expect(len(ended) == 1, "one outcome line with a duration", proc)
    expect(lines.index("info: build: started") < lines.index(ended[0]), "started before the outcome", proc)
    expect(lines[-1] == "info: summary: build " + ended[0].split("build: ", 1)[1], "summary last", proc)

    # The same with --fail-on-error: the error logs make the run exit 1.
    proc, out, outcomes = run(melodium, ["sh -c 'exit 3'"], ["--fail-on-error"])
    expect(proc.returncode == 1, "--fail-on-error: exit code 1", proc)

    # Every command succeeds.
    proc, out, outcomes = run(melodium, ["echo hello", "true"], ["--fail-on-error"])
    expect(proc.returncode == 0, "success with --fail-on-error: exit code 0", proc)
    expect(outcomes == {"started", "success", "completed", "finished"}, f"outcomes {sorted(outcomes)}", proc)
    expect(any(line.endswith("info: build: hello") for line in out), "output", proc)
    expect(any(re.search(r"info: summary: build succeeded in \d+\.\d s$", line) for line in out), "summary", proc)

    # A program that does not exist: failed, with the OS's reason logged under the step's name.
    proc, out, outcomes = run(melodium, ["no-such-program-for-melodium-tests"])
    expect(outcomes == {"failed", "finished"}, f"outcomes {sorted(outcomes)}", proc)
    expect(any("error: build: " in line and "No such file or directory" in line for line in out), "reason", proc)
    expect(any(re.search(r"error: build: could not run \(see the errors above\) in \d+\.\d s$", line)
               for line in out), "outcome line", proc)

    # No command: the sequence completes, nothing started, neither success nor error, and a warning says so.
    proc, out, outcomes = run(melodium, [])
    expect(outcomes == {"completed", "finished"}, f"outcomes {sorted(outcomes)}", proc)
    expect(any(line.endswith("warning: build: ran no command") for line in out), "no command: a warning", proc)

    # A line that cannot be split: an error naming it, a failed run (the reference runs nothing, silently).
    proc, out, outcomes = run(melodium, ["echo fine", "sh -c 'unterminated"])
    expect(proc.returncode != 0, "an unsplittable line fails the run", proc)
    expect("line 2 of 2" in proc.stdout + proc.stderr and "sh -c 'unterminated" in proc.stdout + proc.stderr
           and "cannot be split" in proc.stdout + proc.stderr, "the line is named", proc)
    expect(not outcomes - {"finished"}, f"nothing ran: {sorted(outcomes)}", proc)

    print("local_step: all cases passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
