#!/usr/bin/env python3
"""bench/step_latency on the container locations beside local (issue 18): starts a Docker and a Podman engine of
their own (tests/fixtures/containers, as root), loads debian:bookworm-slim offline, and runs

    step_latency RUNS --locations local,docker,podman

with DOCKER_HOST naming the Docker engine and CONTAINER_HOST the Podman one. Prints step_latency's report.

    step_latency_engines.py STEP_LATENCY [RUNS] [--engines docker,podman]"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "fixtures"))

from containers import images                 # noqa: E402
from containers.engines import ENGINES        # noqa: E402

VARIABLE = {"docker": "DOCKER_HOST", "podman": "CONTAINER_HOST"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("step_latency")
    parser.add_argument("runs", nargs="?", default="5")
    parser.add_argument("--engines", default="docker,podman")
    args = parser.parse_args()
    kinds = [k for k in args.engines.split(",") if k]
    env = dict(os.environ, NO_COLOR="1")
    for variable in ("DOCKER_HOST", "CONTAINER_HOST", "MELODIUM_LOCATION", "MELODIUM_API_URL"):
        env.pop(variable, None)
    engines = []
    try:
        for kind in kinds:
            engine = ENGINES[kind]()
            engine.start()
            engines.append(engine)
            images.load(engine.client(), "debian")
            env[VARIABLE[kind]] = "unix://" + engine.socket
        with tempfile.TemporaryDirectory() as tmp:
            env["MELODIUM_WORK_DIR"] = os.path.join(tmp, "state")
            return subprocess.run([os.path.abspath(args.step_latency), args.runs,
                                   "--locations", ",".join(["local"] + kinds)], env=env).returncode
    finally:
        for engine in reversed(engines):
            engine.stop()


if __name__ == "__main__":
    sys.exit(main())
