#!/usr/bin/env python3
"""samples/16_ci_pipeline on the container provisioner (issue 18), on Docker and on Podman, each started with its
own state by tests/fixtures/containers with the images the sample names made offline (rust:1.82-slim,
postgres:16, debian:bookworm-slim). The program is the sample unchanged: its `location = "api"` (no API URL) is
sent to the engine by MELODIUM_LOCATION. The repository is served by `git daemon` on this machine's own address,
which the containers reach through the engine's network.

    container_pipeline.py MELODIUM [--engines docker,podman]

Per engine: exit 0; the build and test stages overlap (each dispatched before the other ended); the test stage
talks to Postgres by the name `postgres` (its round-trip test passes); the artifact's binary runs; afterwards no
container, network or volume labelled with a run remains."""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLE = os.path.join(ROOT, "samples", "16_ci_pipeline")
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))

from containers import harness                     # noqa: E402
from containers import images                      # noqa: E402
from containers.engines import ENGINES             # noqa: E402



def own_address():
    """This machine's address on its default route: containers reach it through their engine's NAT (the address of
    an engine's bridge may be filtered from another bridge's containers, as Podman's netavark does)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))   # no packet is sent: this only chooses the route
        return s.getsockname()[0]


def free_port():
    with socket.socket() as s:
        s.bind(("", 0))
        return s.getsockname()[1]


def make_repo(base):
    repo = os.path.join(base, "repo")
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", os.path.join(repo, "work")], check=True)
    shutil.copytree(os.path.join(SAMPLE, "app"), os.path.join(repo, "work"), dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("target"))
    subprocess.run(["git", "-C", os.path.join(repo, "work"), "add", "-A"], check=True)
    subprocess.run(["git", "-C", os.path.join(repo, "work"), "-c", "user.name=test", "-c", "user.email=t@localhost",
                    "commit", "--quiet", "-m", "demo application"], check=True)
    return repo


def first_at(lines, text):
    for line in lines:
        if text in line:
            return line[1:25]   # the timestamp: ISO text sorts as time
    return None


def run_engine(kind, melodium, base, url, failures):
    with ENGINES[kind]() as engine:
        client = engine.client()
        for name in ("rust", "postgres", "debian"):
            images.load(client, name)
        host = "unix://" + engine.socket
        env = dict(os.environ, NO_COLOR="1", DOCKER_HOST=host, CONTAINER_HOST=host, MELODIUM_LOCATION=kind)
        env.pop("MELODIUM_API_URL", None)
        out = os.path.join(base, kind)
        os.makedirs(out)
        started = time.monotonic()
        proc = subprocess.run([melodium, "run", os.path.join(SAMPLE, "Compo.toml"), "--api_token", "T",
                               "--repo_url", url], cwd=out, env=env, capture_output=True, text=True, timeout=900)
        took = time.monotonic() - started
        lines = proc.stdout.splitlines()
        failed = len(failures)
        if proc.returncode != 0:
            failures.append(f"{kind}: exit {proc.returncode}")
        if f"containers: using {'Podman' if kind == 'podman' else 'Docker'}" not in proc.stdout:
            failures.append(f"{kind}: the engine used is not logged")
        # A stage runs from its dispatch (provisioning included: the test stage waits for Postgres) to its end;
        # the commands of a short build may end before the test's begin.
        build_start = first_at(lines, "info: build: Dispatch requested")
        test_start = first_at(lines, "info: test: Dispatch requested")
        build_end = first_at(lines, "info: build: succeeded")
        test_end = first_at(lines, "info: test: succeeded")
        if not all((build_start, test_start, build_end, test_end)):
            failures.append(f"{kind}: a stage did not start or succeed")
        elif not (build_start < test_end and test_start < build_end):
            failures.append(f"{kind}: build ({build_start}–{build_end}) and test ({test_start}–{test_end}) "
                            "did not overlap")
        if not re.search(r"info: test: test inventory_round_trip_through_postgres \.\.\. ok", proc.stdout):
            failures.append(f"{kind}: the test stage did not reach Postgres by its name")
        artifact = os.path.join(out, "artifact.tar.gz")
        if not os.path.exists(artifact):
            failures.append(f"{kind}: no artifact.tar.gz")
        else:
            with tarfile.open(artifact) as tar:
                tar.extract("binary", out)
            ran = subprocess.run([os.path.join(out, "binary"), "--version"], capture_output=True, text=True)
            if ran.returncode != 0 or not ran.stdout.startswith("app "):
                failures.append(f"{kind}: the artifact's binary did not run: {ran.stdout}{ran.stderr}")
        failures += [f"{kind}: {problem}" for problem in harness.runs_left(client)]
        if len(failures) > failed:
            failures.append(f"{kind}: the run's output:\n{proc.stdout}{proc.stderr}")
        else:
            summary = [line.split("summary: ")[1] for line in lines if "info: summary: " in line]
            print(f"ok: {kind}: pipeline in {took:.1f} s ({'; '.join(summary)}), nothing of the runs left")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("melodium")
    parser.add_argument("--engines", default="docker,podman")
    args = parser.parse_args()
    melodium = os.path.abspath(args.melodium)
    failures = []
    # Not under /tmp: the engines' directories are there, and a step's /tmp is its own anyway.
    base = tempfile.mkdtemp(prefix="container-pipeline.", dir="/var/tmp")
    port = free_port()
    repo = make_repo(base)
    daemon = subprocess.Popen(["git", "daemon", "--export-all", "--reuseaddr", "--listen=0.0.0.0", f"--port={port}",
                               f"--base-path={repo}", repo], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"git://{own_address()}:{port}/work"
        for kind in args.engines.split(","):
            run_engine(kind, melodium, base, url, failures)
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        shutil.rmtree(base, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("container_pipeline:", "ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
