#!/usr/bin/env python3
"""The C++ Engine API client (packages/work/engine) against real engines (issue 18): starts a Docker and a
Podman, each with its own state (tests/fixtures/containers), loads the httpd image, and runs the doctest
binary `engine_api_tests` once per engine with DOCKER_HOST naming that engine's socket (the binary fails, never
skips, without it); then a third time on a dockerd that also listens on TCP with --tlsverify (the fixture's
DockerEngine(tcp="loopback"), certificates made with openssl), through DOCKER_HOST=tcp://…, DOCKER_TLS_VERIFY
and DOCKER_CERT_PATH. The binary loads busybox itself from the fixture's archive. Prints the binary's timings
(median per call) per engine; fails when a case fails or an engine leaves something behind.

    engine_api.py <engine_api_tests> [--engines docker,podman]"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures"))

from containers import images                      # noqa: E402
from containers.engines import ENGINES, DockerEngine  # noqa: E402


def run_binary(binary, kind, engine, busybox_archive, tls=False):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DOCKER_HOST", "CONTAINER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")}
    env.update(DOCKER_HOST=f"unix://{engine.socket}", MELODIUM_TEST_ENGINE_KIND=kind,
               MELODIUM_TEST_BUSYBOX_ARCHIVE=busybox_archive)
    # The TLS cases need a TLS endpoint; the others run on both.
    select = "--test-case-exclude=live TLS*"
    if tls:
        env.update(engine.tcp_env())
        select = "--test-case-exclude=*stopped daemon*"
    began = time.monotonic()
    proc = subprocess.run([binary, "--no-intro=true", "--duration=true", select], env=env, capture_output=True,
                          text=True, timeout=600)
    seconds = time.monotonic() - began
    timings = {}
    for line in proc.stdout.splitlines():
        if line.startswith("TIMING "):
            what, ms = line[len("TIMING "):].rsplit(" ", 1)
            timings.setdefault(what, []).append(float(ms))
    return proc, seconds, timings


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--engines", default="docker,podman,docker-tls")
    args = parser.parse_args()

    # Made once per machine and cached (tests/fixtures/containers/README.md).
    busybox_archive = images.build("busybox")
    failures = []
    report = []
    for kind in args.engines.split(","):
        print(f"== {kind}", flush=True)
        tls = kind == "docker-tls"
        engine = DockerEngine(tcp="loopback") if tls else ENGINES[kind]()
        engine.start()
        try:
            images.load(engine.client(), "httpd")
            proc, seconds, timings = run_binary(args.binary, engine.kind, engine, busybox_archive, tls)
            print(proc.stdout + proc.stderr, flush=True)
            if proc.returncode != 0:
                failures.append(f"{kind}: engine_api_tests exited with {proc.returncode}")
            report.append((kind, engine.start_seconds, seconds, timings))
        except Exception:
            print(f"{kind}: the daemon's last log lines:\n{engine.log_tail()}", flush=True)
            raise
        finally:
            engine.stop()   # raises when something of the engine remains

    for kind, start, seconds, timings in report:
        print(f"== {kind}: engine ready in {start:.2f} s, binary ran {seconds:.1f} s")
        for what, values in timings.items():
            print(f"   {what}: median {statistics.median(values):.1f} ms (n={len(values)}, "
                  f"min {min(values):.1f}, max {max(values):.1f})")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
