#!/usr/bin/env python3
"""Bad input and faults on the container provisioner (issue 18, acceptance), on real Docker and Podman engines
started with their own state by tests/fixtures/containers, with programs around cicd/naive::simpleStep:

    container_faults.py MELODIUM [--engines docker,podman]

1. a missing image, a step's or a service's (none on the engine, no registry reachable): the request fails
   fast, naming the image and how to make it available (`docker load` / `podman load`);
2. a service that never gets ready (localhost/busybox-silent:1 exposes 8080 and never listens there) with
   MELODIUM_SERVICE_READY_TIMEOUT=3: the error names the service, the timeout, the variable, and carries the
   service's last log line; an invalid MELODIUM_SERVICE_READY_TIMEOUT is an error naming it and its value, on
   the engine and on `local`;
3. the step's executor container killed from outside (the Engine API's kill, as `docker kill`) while `sleep`
   runs in it: the step ends at once (the command killed by a signal) and the errors name the container;
4. Ctrl-C (SIGINT to melodium) while the step's command runs, and while the provisioner waits for a service
   that never gets ready: exit status 130 within a few seconds;
5. three melodium processes at once, each a step beside a busybox httpd service it reaches by name (found in
   the step's /etc/hosts: Podman's DNS once answered a step of such runs that `web` did not exist), on an
   engine that has never seen this melodium (the three prepare its image and volume at once): all succeed,
   each with a run of its own.

After every case, no container, network or volume labelled with a run remains on the engine. Each engine runs
every case, 5 first. Prints each case's time and the total."""
import os
import re
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))
sys.path.insert(0, HERE)

from containers import harness                     # noqa: E402
from containers import images                      # noqa: E402
from containers.engines import ENGINES             # noqa: E402
import ctrl_c                                      # noqa: E402
import simple_step_outcomes as outcomes            # noqa: E402

RUN_LABEL = harness.RUN_LABEL
READY_VARIABLE = "MELODIUM_SERVICE_READY_TIMEOUT"
SERVICE_USES = "use work/resources::|service_container\nuse work/resources/arch::|amd64\n"
ABSENT_IMAGE = "localhost/melodium-test-absent:1"   # a registry on localhost:443 refuses: nothing to pull from
SILENT_LINE = "silent: starting; port 8080 will never be listened on"   # images.SILENT_SCRIPT says it


def service(name, image):
    return (f', service_containers = [|service_container("{name}", 64, 100, 100, |amd64(), [], "{image}", '
            '_, _, _)]')


WEB = service("web", "localhost/busybox-httpd:1")
QUIET = service("quiet", "localhost/busybox-silent:1")
FAILED = {"failed", "finished"}
SUCCEEDED = {"started", "success", "completed", "finished"}


class Run(ctrl_c.Run):
    """melodium running a simpleStep program, in a session of its own, its output collected as it comes."""

    def __init__(self, melodium, tmp, env, commands, extra="", image="debian:bookworm-slim", name="main"):
        source = outcomes.program("simpleStep", "api", commands, extra)
        source = source.replace('"debian:bookworm-slim"', f'"{image}"')
        if "|service_container(" in extra:
            source = source.replace("use std/ops/option::|wrap\n", "use std/ops/option::|wrap\n" + SERVICE_USES)
        self.started = time.monotonic()
        super().__init__(melodium, tmp, name, source, env)

    def wait_for(self, text, timeout):
        """Whether a line holding `text` came within `timeout` seconds (False as soon as melodium ended)."""
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            if any(text in line for line in list(self.lines)):
                return True
            if self.proc.poll() is not None:
                self.reader.join()
                return any(text in line for line in self.lines)
            time.sleep(0.05)
        return False

    def end(self, timeout):
        """The exit status, or None when melodium did not end within `timeout` seconds (it is killed then)."""
        try:
            return super().end(timeout)
        finally:
            self.took = time.monotonic() - self.started

    def fired(self):
        return {line.split("info: out: ")[1].strip() for line in self.lines if "info: out: " in line}


class Engine:
    """One engine for every case of its kind; the checks' failures collected."""

    def __init__(self, kind, engine, melodium, tmp, failures):
        self.kind = kind
        self.client = engine.client()
        self.melodium = melodium
        self.tmp = tmp
        self.failures = failures
        host = "unix://" + engine.socket
        self.env = dict(os.environ, NO_COLOR="1", DOCKER_HOST=host, CONTAINER_HOST=host, MELODIUM_LOCATION=kind,
                        MELODIUM_WORK_DIR=os.path.join(tmp, "state"))
        for name in ("MELODIUM_API_URL", READY_VARIABLE):
            self.env.pop(name, None)

    def run(self, commands, extra="", image="debian:bookworm-slim", env=None, name="main"):
        return Run(self.melodium, self.tmp, env or self.env, commands, extra, image, name)

    def check(self, case, run, problems):
        """Reports `problems` (and what a run left on the engine) for `case`."""
        problems = list(problems) + harness.runs_left(self.client)
        name = f"{self.kind}: {case}"
        if problems:
            self.failures.append(f"{name}: " + "; ".join(problems) + f"\n{run.log() if run else ''}")
        else:
            print(f"ok: {name} ({run.took:.1f} s), nothing left on the engine" if run else f"ok: {name}", flush=True)

    def expect(self, run, code, fired, texts, within):
        """The problems of a run that ended: its status, outputs fired, lines it must hold, its duration."""
        problems = []
        if run.proc.returncode != code:
            problems.append(f"exit status {run.proc.returncode}, expected {code}")
        if fired is not None and run.fired() != fired:
            problems.append(f"fired {sorted(run.fired())}, expected {sorted(fired)}")
        problems += [f"no line says {text!r}" for text in texts if text not in run.log()]
        if run.took > within:
            problems.append(f"took {run.took:.1f} s, more than {within} s")
        return problems

    # -- the cases

    def missing_image(self):
        for what, run in (("a step's", self.run('"true"', image=ABSENT_IMAGE)),
                          ("a service's", self.run('"true"', service("cache", ABSENT_IMAGE)))):
            run.end(120)
            texts = [f"image {ABSENT_IMAGE} is not on", f"{self.kind} load -i"]
            self.check(f"1. {what} image missing", run, self.expect(run, 0, FAILED, texts, within=30))

    def never_ready(self):
        run = self.run('"true"', QUIET, env=dict(self.env, **{READY_VARIABLE: "3"}))
        run.end(120)
        texts = ["service container quiet was not ready after 3 s", READY_VARIABLE, SILENT_LINE]
        self.check("2. a service never ready", run, self.expect(run, 0, FAILED, texts, within=40))

    def slow_service(self):
        # Ready after 35 s: every container of the run starts before the service is waited for, and the worker
        # must wait for the dispatcher that long too (it gave up after 30 s, once, under load in CI).
        if self.kind != "docker":
            return
        run = self.run("\"bash -c 'echo > /dev/tcp/late/8080'\"", service("late", "localhost/busybox-slow:1"))
        run.end(180)
        self.check("6. a service ready after 35 s", run,
                   self.expect(run, 0, SUCCEEDED, ["info: late: service ready"], within=120))

    def invalid_ready_timeout(self, location):
        env = dict(self.env, MELODIUM_LOCATION=location, **{READY_VARIABLE: "3s"})
        run = self.run('"true"', env=env)
        run.end(60)
        texts = [f"{READY_VARIABLE}='3s' is not a timeout"]
        self.check(f"2. an invalid {READY_VARIABLE} on {location}", run,
                   self.expect(run, 0, FAILED, texts, within=20))

    def executor_killed(self):
        run = self.run('"sleep 300"')
        problems = []
        if not run.wait_for("info: s: started", 120):
            problems.append("the command never started")
        else:
            time.sleep(1)   # `sleep` runs in the step's container
            executors = [c for c in self.client.by_label("containers", RUN_LABEL)
                         if c["Names"][0].lstrip("/").endswith("-s") and c["State"] == "running"]
            if len(executors) != 1:
                problems.append(f"not one running executor container named melodium-…-s: {executors}")
            else:
                container = executors[0]["Names"][0].lstrip("/")
                self.client.post(f"/containers/{executors[0]['Id']}/kill", params={"signal": "KILL"})
                killed = time.monotonic()
                code = run.end(60)
                print(f"   {self.kind}: killed {container}: melodium ended {time.monotonic() - killed:.1f} s later",
                      flush=True)
                texts = ["command 1 of 1 (`sleep 300`) was killed by a signal",
                         f"container s ({container}) ended during the run (exit code 137"]
                problems += self.expect(run, 0, {"started", "error", "completed", "finished"}, texts, within=150)
                if code is None or time.monotonic() - killed > 15:
                    problems.append(f"melodium did not end within 15 s of the kill (status {code})")
        run.end(30)
        self.check("3. the executor container killed from outside", run, problems)

    def interrupted(self, case, commands, extra, marker):
        run = self.run(commands, extra)
        problems = []
        if not run.wait_for(marker, 120):
            problems.append(f"no line says {marker!r}")
        else:
            time.sleep(1)
            run.proc.send_signal(signal.SIGINT)
            sent = time.monotonic()
            code = run.end(60)
            took = time.monotonic() - sent
            print(f"   {self.kind}: {case}: exit {code} {took:.1f} s after SIGINT", flush=True)
            if code != 130:
                problems.append(f"exit status {code}, expected 130")
            if took > 5:
                problems.append(f"ended {took:.1f} s after SIGINT, more than 5 s")
        run.end(30)
        self.check(case, run, problems)

    def ctrl_c(self):
        self.interrupted("4. Ctrl-C while the command runs", '"sleep 300"', "", "info: s: started")
        self.interrupted("4. Ctrl-C while a service is awaited", '"true"', QUIET,
                         "started from localhost/busybox-silent:1")

    def three_at_once(self):
        # The step finds the service in its /etc/hosts (`getent -s files`), not only through the engine's DNS.
        command = "\"bash -c 'getent -s files hosts web && echo > /dev/tcp/web/8080'\""
        runs = [self.run(command, WEB, name=f"three_{i}") for i in range(3)]
        problems = []
        failed = []
        for i, run in enumerate(runs):
            run.end(180)
            found = self.expect(run, 0, SUCCEEDED, ["info: web: service ready"], within=170)
            problems += [f"run {i}: {p}" for p in found]
            if found:
                failed.append(i)
        ids = [m.group(1) for run in runs for m in re.finditer(r"worker of run ([0-9a-f]+) ready", run.log())]
        if len(set(ids)) != 3:
            problems.append(f"not three runs of their own: {ids}")
        if problems:
            for i in failed or range(len(runs)):
                problems.append(f"output of run {i}:\n{runs[i].log()}")
        runs[-1].took = max(run.took for run in runs)
        self.check("5. three pipelines at once", runs[-1], problems)


# three_at_once first: the engine has never seen this melodium (the three make its image and volume at once).
CASES = ["three_at_once", "missing_image", "never_ready", "invalid", "executor_killed", "ctrl_c", "slow_service"]


def run_engine(kind, melodium, tmp, failures):
    with ENGINES[kind]() as started:
        for name in ("debian", "httpd", "silent", "slow"):
            images.load(started.client(), name)
        engine = Engine(kind, started, melodium, tmp, failures)
        for case in CASES:
            if case == "invalid":
                engine.invalid_ready_timeout(kind)
                engine.invalid_ready_timeout("local")
            else:
                getattr(engine, case)()


def main():
    return harness.per_engine_main(run_engine, "container_faults")


if __name__ == "__main__":
    sys.exit(main())
