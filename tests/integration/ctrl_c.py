#!/usr/bin/env python3
"""Ctrl-C stops running steps at once (issue 16, defect 5; DESIGN §7b). melodium runs as a terminal's foreground
job (a process group of its own); SIGINT is sent to that group, or to melodium alone, while a step runs
`sleep 60.<marker>`. The run must end within 2 s with exit code 130 and leave no such `sleep` behind, for a local
step (cicd/naive::localStep: a child process) and for a step in a pod of the local provisioner
(cicd/naive::simpleStep, needs root). A command that ignores SIGINT and SIGTERM is killed after the grace, or at
once by a second Ctrl-C. Prints the measured times."""
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

LOCAL = """#!/usr/bin/env melodium
#! name = ctrl_c_local
#! version = 0.1.0
#! require = std:0.10.2 process:0.10.2 cicd:0.10.2

use std/engine/util::startup
use cicd/naive::localStep
use process/command::|raw_commands

treatment main()
{{
    startup()
    step: localStep(name = "build", commands = |raw_commands([{commands}]))
    startup.trigger -> step.trigger
}}
"""

POD = """#!/usr/bin/env melodium
#! name = ctrl_c_pod
#! version = 0.1.0
#! require = std:0.10.2 process:0.10.2 work:0.10.2 distrib:0.10.2 cicd:0.10.2

use cicd/naive::simpleStep
use cicd/runners::CicdDispatchEngine
use process/command::|raw_commands
use std/engine/util::startup

treatment main()
  model dispatcher: CicdDispatchEngine(location = "local")
{{
    startup()
    s: simpleStep[dispatcher = dispatcher](name = "tests", image = "debian:bookworm-slim",
        commands = |raw_commands([{commands}]))
    startup.trigger -> s.trigger
}}
"""


def sleeps(marker):
    """Pids of the processes whose command line is `sleep <marker>`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                words = f.read().split(b"\0")
        except OSError:
            continue
        if words[:2] == [b"sleep", marker.encode()]:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                        continue  # a zombie has ended
            except OSError:
                continue
            found.append(int(pid))
    return found


def wait_for(condition, timeout):
    limit = time.monotonic() + timeout
    while time.monotonic() < limit:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


class Run:
    """melodium running `text`, in a process group of its own, its output collected."""

    def __init__(self, melodium, tmp, name, text, env):
        path = os.path.join(tmp, name + ".mel")
        with open(path, "w") as f:
            f.write(text)
        self.proc = subprocess.Popen([melodium, "run", path], cwd=tmp, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.lines = []
        self.reader = threading.Thread(target=self.read)
        self.reader.start()

    def read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def interrupt(self, to_group):
        if to_group:
            os.killpg(self.proc.pid, signal.SIGINT)
        else:
            self.proc.send_signal(signal.SIGINT)

    def end(self, timeout):
        """The exit code, or None when it did not end in time (then it is killed)."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            return None
        finally:
            self.reader.join()

    def log(self):
        return "".join(self.lines)


def case(melodium, tmp, env, failures, name, template, command, marker, to_group=True, second_after=None,
         limit=2.0, at_least=0.0, startup=60):
    run = Run(melodium, tmp, name.replace(" ", "_"), template.format(commands=command), env)
    if not wait_for(lambda: sleeps(marker) or run.proc.poll() is not None, startup) or run.proc.poll() is not None:
        run.end(5)
        failures.append(f"{name}: the command never started\n{run.log()}")
        return
    time.sleep(0.2)  # the step is running: let its output flow
    started = time.monotonic()
    run.interrupt(to_group)
    if second_after is not None:
        time.sleep(second_after)
        second = time.monotonic()
        run.interrupt(to_group)
    code = run.end(30)
    took = time.monotonic() - started
    # A process killed or ended is gone from /proc (or a zombie) once reaped: give the kernel a moment.
    left = [] if wait_for(lambda: not sleeps(marker), 0.5) else sleeps(marker)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    problems = []
    if code != 130:
        problems.append(f"exit code {code}, expected 130")
    if took > limit:
        problems.append(f"took {took:.2f} s after Ctrl-C, more than {limit} s")
    if took < at_least:
        problems.append(f"took {took:.2f} s after Ctrl-C, less than {at_least} s")
    if second_after is not None and time.monotonic() - second > 1.0:
        problems.append(f"took {time.monotonic() - second:.2f} s after the second Ctrl-C")
    if left:
        problems.append(f"`sleep {marker}` left running: {left}")
    if problems:
        failures.append(f"{name}: " + "; ".join(problems) + "\n" + run.log())
    else:
        print(f"ok: {name}: exit {code} {took:.2f} s after the first Ctrl-C")
    return run


def main():
    melodium = os.path.abspath(sys.argv[1])
    failures = []
    with tempfile.TemporaryDirectory(dir="/var/tmp") as tmp:
        env = dict(os.environ, NO_COLOR="1", MELODIUM_WORK_DIR=os.path.join(tmp, "state"))
        run = case(melodium, tmp, env, failures, "local step, Ctrl-C to the group", LOCAL, '"sleep 60.4711"',
                   "60.4711")
        if run and not any("stopping: waiting for 1 command (sleep 60.4711) to end; press Ctrl-C again to end now"
                           in line for line in run.lines):
            failures.append("the stop does not say what it waits for\n" + run.log())
        case(melodium, tmp, env, failures, "local step, Ctrl-C to melodium alone", LOCAL, '"sleep 60.4712"',
             "60.4712", to_group=False)
        stubborn = "\"sh -c 'trap \\\"\\\" TERM INT; sleep 60.4713'\""
        run = case(melodium, tmp, env, failures, "local step ignoring SIGINT: killed after the grace", LOCAL,
                   stubborn, "60.4713", limit=3.0, at_least=1.0)
        if run and not any("still running 1500 ms after the interrupt: killed" in line for line in run.lines):
            failures.append("the kill after the grace is not logged\n" + run.log())
        stubborn = "\"sh -c 'trap \\\"\\\" TERM INT; sleep 60.4714'\""
        run = case(melodium, tmp, env, failures, "local step ignoring SIGINT: a second Ctrl-C ends now", LOCAL,
                   stubborn, "60.4714", second_after=0.3, limit=1.3)
        if run and not any("interrupted again: ending now" in line for line in run.lines):
            failures.append("the second Ctrl-C does not say it ends now\n" + run.log())
        if os.geteuid() == 0:
            case(melodium, tmp, env, failures, "pod step, Ctrl-C to the group", POD, '"sleep 60.4715"', "60.4715")
            case(melodium, tmp, env, failures, "pod step, Ctrl-C to melodium alone", POD, '"sleep 60.4716"',
                 "60.4716", to_group=False)
        else:
            print("skipped: pod steps (the local provisioner's pods need root)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
