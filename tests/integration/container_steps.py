#!/usr/bin/env python3
"""The outcome matrix of cicd/naive::simpleStep (packages.md §4.7) on the container provisioner (issue 18), on
Docker and on Podman, each started with its own state by tests/fixtures/containers: the same cases and the same
expected outputs as on the local provisioner (simple_step_outcomes.py), the step's image `debian:bookworm-slim`
made offline by the fixtures.

    container_steps.py MELODIUM [--engines docker,podman]

Per engine, beside the matrix: a service from an image other than Postgres (busybox's httpd, ready when its
exposed port accepts) is reached by its name from the step; `location = "api"` without an API URL runs on the engine when
MELODIUM_LOCATION names it; an engine that does not answer fails the request fast; afterwards no container,
network or volume labelled with a run remains (the engine-wide bundle volume may)."""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))
sys.path.insert(0, HERE)

from containers import harness                     # noqa: E402
from containers import images                      # noqa: E402
from containers.engines import ENGINES             # noqa: E402
import simple_step_outcomes as outcomes            # noqa: E402

RUN_LABEL = harness.RUN_LABEL


SERVICE_USES = "use work/resources::|service_container\nuse work/resources/arch::|amd64\n"
WEB_SERVICE = (', service_containers = [|service_container("web", 64, 100, 100, |amd64(), [], '
               '"localhost/busybox-httpd:1", _, _, _)]')


def fired_outputs(melodium, tmp, env, step, location, commands, extra):
    path = os.path.join(tmp, "main.mel")
    source = outcomes.program(step, location, commands, extra)
    if "|service_container(" in extra:
        source = source.replace("use std/ops/option::|wrap\n", "use std/ops/option::|wrap\n" + SERVICE_USES)
    with open(path, "w") as f:
        f.write(source)
    started = time.monotonic()
    proc = subprocess.run([melodium, "run", path], cwd=tmp, env=env, capture_output=True, text=True, timeout=180)
    fired = {line.split("info: out: ")[1] for line in proc.stdout.splitlines() if "info: out: " in line}
    return proc, fired, time.monotonic() - started


def run_engine(kind, melodium, tmp, failures):
    with ENGINES[kind]() as engine:
        client = engine.client()
        images.load(client, "debian")
        images.load(client, "httpd")
        host = "unix://" + engine.socket
        env = dict(os.environ, NO_COLOR="1", DOCKER_HOST=host, CONTAINER_HOST=host,
                   MELODIUM_WORK_DIR=os.path.join(tmp, "state"))
        env.pop("MELODIUM_LOCATION", None)
        cases = [(name, step, location, commands, extra, expected)
                 for name, step, location, commands, extra, expected in outcomes.CASES
                 if location == "local"]
        for name, step, _, commands, extra, expected in cases:
            proc, fired, took = fired_outputs(melodium, tmp, env, step, kind, commands, extra)
            check(failures, f"{kind}: {name}", proc, fired, expected, took)

        proc, fired, took = fired_outputs(melodium, tmp, env, "simpleStep", kind,
                                          "\"bash -c 'echo > /dev/tcp/web/8080'\"", WEB_SERVICE)
        check(failures, f"{kind}: a service reached by its name", proc, fired,
              {"started", "success", "completed", "finished"}, took)

        api_env = dict(env, MELODIUM_LOCATION=kind)
        api_env.pop("MELODIUM_API_URL", None)
        proc, fired, took = fired_outputs(melodium, tmp, api_env, "simpleStep", "api", '"true"', "")
        check(failures, f"{kind}: api with MELODIUM_LOCATION={kind}", proc, fired,
              {"started", "success", "completed", "finished"}, took)
        if "using " not in proc.stdout:
            failures.append(f"{kind}: api with MELODIUM_LOCATION: the engine used is not logged\n{proc.stdout}")

        dead = dict(env, DOCKER_HOST="unix://" + os.path.join(tmp, "nothing.sock"),
                    CONTAINER_HOST="unix://" + os.path.join(tmp, "nothing.sock"))
        proc, fired, took = fired_outputs(melodium, tmp, dead, "simpleStep", kind, '"true"', "")
        check(failures, f"{kind}: no engine", proc, fired, {"failed", "finished"}, took)
        if took > 10:
            failures.append(f"{kind}: no engine: took {took:.1f} s (not fast)")

        check_nothing_left(failures, kind, client)


def check_nothing_left(failures, name, client):
    """No container, network or volume labelled with a run remains on the engine."""
    left = harness.runs_left(client)
    failures += [f"{name}: {problem}" for problem in left]
    if not left:
        print(f"ok: {name}: no container, network or volume of a run remains", flush=True)


def check(failures, name, proc, fired, expected, took, lines=()):
    """The program exited 0, fired `expected` and logged each of `lines`."""
    missing = [line for line in lines if line not in proc.stdout]
    if proc.returncode != 0 or fired != expected or missing:
        failures.append(f"{name}: exit {proc.returncode}, fired {sorted(fired)}, expected {sorted(expected)}"
                        f"{', missing ' + repr(missing) if missing else ''}\n{proc.stdout}{proc.stderr}")
    else:
        print(f"ok: {name}: {sorted(fired)} ({took:.1f} s)", flush=True)


def main():
    return harness.per_engine_main(run_engine, "container_steps")


if __name__ == "__main__":
    sys.exit(main())
