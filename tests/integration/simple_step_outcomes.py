#!/usr/bin/env python3
"""The outcome matrix of cicd/naive::simpleStep (packages.md §4.7) on the local provisioner: for each situation,
the set of outputs that fire (their order across outputs is not specified, so sets are compared)."""
import os
import subprocess
import sys
import tempfile

HEADER = """#!/usr/bin/env melodium
#! name = outcome
#! version = 0.1.0
#! require = std:0.10.2 process:0.10.2 work:0.10.2 distrib:0.10.2 cicd:0.10.2

use cicd/naive::{step}
use cicd/runners::CicdDispatchEngine
use process/command::|raw_commands
use std/engine/log::logInfoMessage
use std/engine/util::startup
use std/ops/option::|wrap

treatment main()
  model dispatcher: CicdDispatchEngine(location = "{location}")
{{
    startup()
    s: {step}[dispatcher = dispatcher](name = "s", image = "debian:bookworm-slim",
        commands = |raw_commands([{commands}]){extra})
    startup.trigger -> s.trigger
{terminate}{logs}}}
"""

OUTPUTS = ["started", "completed", "failed", "finished", "success", "error"]

CASES = [
    # name, step, location, commands, extra parameters, expected outputs
    ("success", "simpleStep", "local", '"true"', "", {"started", "success", "completed", "finished"}),
    ("non-zero exit", "simpleStep", "local", '"false", "true"', "", {"started", "error", "completed", "finished"}),
    ("missing out_file", "simpleStep", "local", '"false"', ', out_file = |wrap<string>("nope")',
     {"started", "error", "failed", "finished"}),
    ("missing out_file after success", "simpleStep", "local", '"true"', ', out_file = |wrap<string>("nope")',
     {"started", "success", "failed", "finished"}),
    ("out_file", "simpleStep", "local", "\"sh -c 'echo hi > /mnt/data/out'\"", ', out_file = |wrap<string>("out")',
     {"started", "success", "completed", "finished"}),
    ("empty command list", "simpleStep", "local", "", "", {"completed", "finished"}),
    ("provisioning failure", "simpleStep", "compose", '"true"', "", {"failed", "finished"}),
    ("terminate", "simpleStepTerminable", "local", '"sleep 60"', "", {"started", "terminated", "finished"}),
]

# How each case ends in the step's own line and in the run's summary (cicd/services.cpp: when a step reaches
# several terminal states, the one of highest precedence, whatever the order their values arrived in).
SUMMARIES = {
    "success": "succeeded",
    "non-zero exit": "failed (a command exited with a non-zero status)",
    "missing out_file": "failed (a command exited with a non-zero status)",
    "missing out_file after success": "could not run (see the errors above)",
    "out_file": "succeeded",
    "empty command list": "ran no command",
    "provisioning failure": "could not run (see the errors above)",
    "terminate": "was terminated",
}


def summary_problem(name, stdout):
    """None when the run's summary line for step `s` is the one SUMMARIES expects for case `name`."""
    lines = [line.split("info: summary: s ", 1)[1] for line in stdout.splitlines() if "info: summary: s " in line]
    expected = SUMMARIES[name]
    if len(lines) == 1 and (lines[0] == expected or lines[0].startswith(expected + " in ")):
        return None
    return f"{name}: summary {lines}, expected one line '{expected}'"


def program(step, location, commands, extra):
    outputs = OUTPUTS + (["terminated"] if step == "simpleStepTerminable" else [])
    logs = "".join(f'    log_{o}: logInfoMessage(label = "out", message = "{o}")\n    s.{o} -> log_{o}.trigger\n'
                   for o in outputs)
    terminate = "    s.started -> s.terminate\n" if step == "simpleStepTerminable" else ""
    return HEADER.format(step=step, location=location, commands=commands, extra=extra, terminate=terminate,
                         logs=logs)


def main():
    melodium = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NO_COLOR="1", MELODIUM_WORK_DIR=os.path.join(tmp, "state"))
        for name, step, location, commands, extra, expected in CASES:
            path = os.path.join(tmp, "main.mel")
            with open(path, "w") as f:
                f.write(program(step, location, commands, extra))
            proc = subprocess.run([melodium, "run", path], cwd=tmp, env=env, capture_output=True, text=True,
                                  timeout=120)
            fired = {line.split("info: out: ")[1] for line in proc.stdout.splitlines() if "info: out: " in line}
            summary = summary_problem(name, proc.stdout)
            if proc.returncode != 0 or fired != expected:
                failures.append(f"{name}: exit {proc.returncode}, fired {sorted(fired)}, expected {sorted(expected)}"
                                f"\n{proc.stdout}{proc.stderr}")
            elif summary:
                failures.append(f"{summary}\n{proc.stdout}{proc.stderr}")
            else:
                print(f"ok: {name}: {sorted(fired)}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
