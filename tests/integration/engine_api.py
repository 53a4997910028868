#!/usr/bin/env python3
"""The C++ Engine API client (packages/work/engine) against real engines (issue 18): starts a Docker and a
Podman, each with its own state (tests/fixtures/containers), loads the httpd image, and runs the doctest
binary `engine_api_tests` once per engine with DOCKER_HOST naming that engine's socket (the binary fails, never
skips, without it); then a third time on a dockerd that also listens on TCP with --tlsverify (certificates
made with openssl), through DOCKER_HOST=tcp://…, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH. The binary loads busybox itself from the fixture's archive. Prints the binary's timings
(median per call) per engine; fails when a case fails or an engine leaves something behind.

    engine_api.py <engine_api_tests> [--engines docker,podman]"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "fixtures"))

from containers import images                      # noqa: E402
from containers.engines import ENGINES, DockerEngine  # noqa: E402


def _openssl(*argv, cwd):
    subprocess.run(["openssl", *argv], cwd=cwd, check=True, capture_output=True)


def make_certificates(directory):
    """A CA, a server certificate for 127.0.0.1 and a client certificate (clientAuth), as in
    ../../../shared/notes/containers.md. Returns (server files, the client's DOCKER_CERT_PATH)."""
    os.makedirs(f"{directory}/client")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=melodium test CA",
             "-keyout", "ca-key.pem", "-out", "ca.pem", cwd=directory)
    for name, usage, extra in (("server", "serverAuth", "subjectAltName=IP:127.0.0.1"),
                               ("client", "clientAuth", "basicConstraints=CA:FALSE")):
        with open(f"{directory}/{name}.ext", "w") as f:
            f.write(f"extendedKeyUsage={usage}\n{extra}\n")
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}", "-keyout", f"{name}-key.pem",
                 "-out", f"{name}.csr", cwd=directory)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                 "-days", "2", "-extfile", f"{name}.ext", "-out", f"{name}-cert.pem", cwd=directory)
    for src, dst in (("ca.pem", "ca.pem"), ("client-cert.pem", "cert.pem"), ("client-key.pem", "key.pem")):
        os.link(f"{directory}/{src}", f"{directory}/client/{dst}")
    return directory, f"{directory}/client"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TlsDockerEngine(DockerEngine):
    """The fixture's dockerd, also listening on tcp://127.0.0.1:PORT with --tlsverify (client certificates)."""
    kind = "docker"

    def _prepare(self, env):
        argv = super()._prepare(env)
        server, self.cert_path = make_certificates(os.path.join(self.dir, "tls"))
        self.port = free_port()
        return argv + ["--host", f"tcp://127.0.0.1:{self.port}", "--tlsverify", "--tlscacert", f"{server}/ca.pem",
                       "--tlscert", f"{server}/server-cert.pem", "--tlskey", f"{server}/server-key.pem"]


def run_binary(binary, kind, engine, busybox_archive, tls=False):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DOCKER_HOST", "CONTAINER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH")}
    env.update(DOCKER_HOST=f"unix://{engine.socket}", MELODIUM_TEST_ENGINE_KIND=kind,
               MELODIUM_TEST_BUSYBOX_ARCHIVE=busybox_archive)
    # The TLS cases need a TLS endpoint; the others run on both.
    select = "--test-case-exclude=live TLS*"
    if tls:
        env.update(DOCKER_HOST=f"tcp://127.0.0.1:{engine.port}", DOCKER_TLS_VERIFY="1",
                   DOCKER_CERT_PATH=engine.cert_path)
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
        engine = TlsDockerEngine() if tls else ENGINES[kind]()
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
