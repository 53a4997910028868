#!/usr/bin/env python3
"""A step's image pulled from a real registry that asks for credentials (issue 18), on Docker and on Podman,
each started with its own state by tests/fixtures/containers.

    container_registry.py MELODIUM [--engines docker,podman] [--show]

A registry (Debian's docker-registry, distribution 2.8) runs with its own configuration and storage in a
temporary directory, on a free port of 127.0.0.1, with htpasswd (bcrypt) authentication over plain HTTP:
dockerd treats 127.0.0.0/8 as an insecure registry by itself; the test's Podman is told so in its own
registries.conf. Per engine, the fixtures' busybox image is tagged 127.0.0.1:PORT/test/busybox:1, pushed
with the right credentials and removed from the engine; then a simpleStep program whose image is that name
runs `true`:
  - without pull_secret: `failed`, the message names the image and the registry and says it asks for
    credentials;
  - with a wrong password: `failed`, the credentials were refused, and the password is nowhere in the output;
  - with a malformed pull_secret (its `auth` not base64): `failed`, naming the container, quoting nothing;
  - an image the registry does not have, and one whose registry does not answer: `failed`, saying so;
  - with the right pull_secret: the image is pulled (progress in the log) and the step succeeds; the
    password is nowhere in the output.
Afterwards no container, network or volume of a run remains. The registry is stopped by its PID."""
import argparse
import base64
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))
sys.path.insert(0, HERE)

from containers import harness                        # noqa: E402
from containers import images                         # noqa: E402
from containers.tls import free_port                  # noqa: E402
from containers.engines import DockerEngine, PodmanEngine  # noqa: E402
import simple_step_outcomes as outcomes               # noqa: E402

USER = "ci"
REPOSITORY = "test/busybox"
TAG = "1"


class Registry:
    """docker-registry with htpasswd authentication, its configuration and storage under directory."""

    def __init__(self, directory, password):
        self.dir = directory
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.proc = None
        with open(os.path.join(directory, "htpasswd"), "w") as f:
            f.write(subprocess.run(["htpasswd", "-Bbn", USER, password], capture_output=True, text=True,
                                   check=True).stdout)
        with open(os.path.join(directory, "config.yml"), "w") as f:
            f.write(f"""version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: {directory}/storage
http:
  addr: {self.address}
auth:
  htpasswd:
    realm: melodium-test
    path: {directory}/htpasswd
""")

    def __enter__(self):
        log = open(os.path.join(self.dir, "registry.log"), "wb")
        self.proc = subprocess.Popen(["docker-registry", "serve", os.path.join(self.dir, "config.yml")],
                                     stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        log.close()
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_ready(self):
        """Until GET /v2/ asks for credentials (401), 20 s at most."""
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://{self.address}/v2/", timeout=2)
                raise RuntimeError("the registry answers without asking for credentials")
            except urllib.error.HTTPError as e:
                if e.code == 401:
                    return
                raise
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"docker-registry did not answer on {self.address}:\n{self.log()}")
                time.sleep(0.05)

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def log(self):
        with open(os.path.join(self.dir, "registry.log"), errors="replace") as f:
            return f.read()[-3000:]


def podman_trusting(address):
    """The fixtures' Podman, with address as an insecure (plain HTTP) registry in its own registries.conf."""
    class Engine(PodmanEngine):
        def _prepare(self, env):
            argv = super()._prepare(env)
            with open(os.path.join(self.dir, "registries.conf"), "a") as f:
                f.write(f'\n[[registry]]\nlocation = "{address}"\ninsecure = true\n')
            return argv
    return Engine


def registry_auth(username, password, address):
    config = {"username": username, "password": password, "serveraddress": address}
    return base64.urlsafe_b64encode(json.dumps(config).encode()).decode()


def push(client, image, password, address):
    """Tags the fixtures' busybox as image, pushes it with the right credentials, removes it from the engine."""
    images.load(client, "busybox")
    repository, tag = image.rsplit(":", 1)
    client.post("/images/localhost/busybox:1/tag", params={"repo": repository, "tag": tag})
    _, body = client.request("POST", f"/images/{urllib.parse.quote(repository, safe='')}/push", params={"tag": tag},
                             headers={"X-Registry-Auth": registry_auth(USER, password, address)}, timeout=120)
    if b'"error"' in body:
        raise RuntimeError(f"pushing {image} failed: {body.decode(errors='replace')[-500:]}")
    for name in (image, "localhost/busybox:1"):
        client.delete(f"/images/{urllib.parse.quote(name, safe='')}", ok=(200, 404))
    if client.image(image) is not None:
        raise RuntimeError(f"{image} is still on the engine after its removal")


def melodium_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def run_step(melodium, tmp, env, kind, image, pull_secret):
    extra = "" if pull_secret is None else f", pull_secret = |wrap<string>({melodium_string(pull_secret)})"
    source = outcomes.program("simpleStep", kind, '"true"', extra).replace('"debian:bookworm-slim"', f'"{image}"')
    path = os.path.join(tmp, "main.mel")
    with open(path, "w") as f:
        f.write(source)
    started = time.monotonic()
    proc = subprocess.run([melodium, "run", path], cwd=tmp, env=env, capture_output=True, text=True, timeout=180)
    os.unlink(path)  # it holds the secret
    fired = {line.split("info: out: ")[1] for line in proc.stdout.splitlines() if "info: out: " in line}
    return proc, fired, time.monotonic() - started


def config(address, username, password):
    auth = base64.b64encode(f"{username}:{password}".encode()).decode()
    return json.dumps({"auths": {address: {"auth": auth}}})


def run_engine(kind, engine_class, melodium, tmp, registry, password, failures, show):
    image = f"{registry.address}/{REPOSITORY}:{TAG}"
    missing = f"{registry.address}/test/missing:1"
    nowhere = "127.0.0.1:1/test/busybox:1"
    wrong = secrets.token_urlsafe(12)
    began = time.monotonic()
    with engine_class() as engine:
        client = engine.client()
        push(client, image, password, registry.address)
        host = "unix://" + engine.socket
        env = dict(os.environ, NO_COLOR="1", DOCKER_HOST=host, CONTAINER_HOST=host,
                   MELODIUM_WORK_DIR=os.path.join(tmp, "state"))
        env.pop("MELODIUM_LOCATION", None)
        failed = {"failed", "finished"}
        cases = [
            ("no pull_secret", None, failed,
             [f"image {image} is not on", f"could not be pulled from {registry.address}",
              "the registry asks for credentials and the pull_secret has none for it",
              "give the step a pull_secret with the credentials of " + registry.address]),
            ("a wrong password", config(registry.address, USER, wrong), failed,
             [f"image {image} is not on", f"could not be pulled from {registry.address}",
              f"the registry refused the credentials of the pull_secret (user {USER})"]),
            ("a malformed pull_secret", json.dumps({"auths": {registry.address: {"auth": password + "!"}}}), failed,
             [f"the pull_secret of container s is not valid: the `auth` of the entry of \"{registry.address}\" "
              "is not base64"]),
            ("an image the registry does not have", config(registry.address, USER, password), failed,
             [f"image {missing} is not on", f"could not be pulled from {registry.address}: the registry has no such "
              "image; make it available with"], missing),
            ("no registry at the image's address", None, failed,
             [f"image {nowhere} is not on", "could not be pulled from 127.0.0.1:1: no registry answers at 127.0.0.1:1"],
             nowhere),
            ("the right pull_secret", config(registry.address, USER, password),
             {"started", "success", "completed", "finished"},
             [f"pulling it from {registry.address} with the pull_secret's user {USER}", f"pull {image}: "]),
        ]
        for name, secret, expected, texts, *other in cases:
            proc, fired, took = run_step(melodium, tmp, env, kind, other[0] if other else image, secret)
            output = proc.stdout + proc.stderr
            problems = []
            if proc.returncode != 0 or fired != expected:
                problems.append(f"exit {proc.returncode}, fired {sorted(fired)}, expected {sorted(expected)}")
            problems += [f"no {t!r} in the output" for t in texts if t not in output]
            for hidden in (password, wrong, base64.b64encode(f"{USER}:{password}".encode()).decode()):
                if hidden in output:
                    problems.append("a secret is in the output")
            if problems:
                failures.append(f"{kind}: {name}: {'; '.join(problems)}\n{output}")
            else:
                print(f"ok: {kind}: {name}: {sorted(fired)} ({took:.1f} s)")
            if show:
                print(output)
        if client.image(image) is None:
            failures.append(f"{kind}: {image} is not on the engine after the step that pulled it")
        failures += [f"{kind}: {problem}" for problem in harness.runs_left(client)]
    print(f"{kind}: {time.monotonic() - began:.1f} s with the engine's start and stop")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("melodium")
    parser.add_argument("--engines", default="docker,podman")
    parser.add_argument("--show", action="store_true", help="print each run's output")
    args = parser.parse_args()
    melodium = os.path.abspath(args.melodium)
    failures = []
    password = secrets.token_urlsafe(12)
    with tempfile.TemporaryDirectory() as tmp:
        registry_dir = os.path.join(tmp, "registry")
        os.mkdir(registry_dir)
        with Registry(registry_dir, password) as registry:
            engines = {"docker": DockerEngine, "podman": podman_trusting(registry.address)}
            for kind in args.engines.split(","):
                run_engine(kind, engines[kind], melodium, tmp, registry, password, failures, args.show)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
