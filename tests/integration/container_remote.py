#!/usr/bin/env python3
"""The container provisioner on a remote engine (issue 18): a dockerd in a network namespace of its own,
reached only at tcp://10.x.y.2:2376 with TLS and client certificates (tests/fixtures/containers:
DockerEngine(tcp="netns")), the dispatcher here with DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, running
cicd/naive::simpleStep in `debian:bookworm-slim` (made offline by the fixtures).

    container_remote.py MELODIUM

Checks: a step whose command succeeds fires started, success, completed, finished and its output line comes back;
a step whose command exits with 3 fires started, error, completed, finished and the exit status is logged. The
worker link used TLS with the run's own certificate: the worker's container, watched while it runs, serves
`dist --certificate/--key` (never --disable-tls) on a port published on 0.0.0.0, its log says it listens with
TLS and its private key shows nowhere in its configuration (`docker inspect`); on the wire (every TCP packet
between this namespace and the engine's, captured on the veth), the dispatcher's first bytes to the worker's
port are a TLS handshake record, and neither of the run's keys (which the protocol's handshake carries), nor a
message name, nor the step's command appears in clear; the dispatcher says it dialled the engine's address with
the certificate pinned. The same engine without DOCKER_TLS_VERIFY is refused at once, saying why. Afterwards no
container, network or volume labelled with a run remains."""
import json
import os
import socket
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))
sys.path.insert(0, HERE)

from containers import images                      # noqa: E402
from containers.client import EngineError          # noqa: E402
from containers.engines import DockerEngine        # noqa: E402
from container_steps import RUN_LABEL, check, check_nothing_left, fired_outputs  # noqa: E402
ENGINE_PORT = 2376


class Background:
    """A loop run on a thread until the `with` block ends (bounded to 5 minutes)."""

    def __enter__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(30)

    def _loop(self):
        deadline = time.monotonic() + 300
        while not self._stop.is_set() and time.monotonic() < deadline:
            self.step()


class WorkerWatch(Background):
    """The workers of runs as the engine shows them while a program runs (through its Unix socket): each worker
    container's inspection (raw) and its log once it says it listens."""

    def __init__(self, client):
        self.client = client
        self.seen = {}  # id → {"inspect": text, "log": text}
        self.errors = []

    def step(self):
        try:
            for c in self.client.by_label("containers", RUN_LABEL):
                if c["Names"][0].endswith(".worker") and c["Id"] not in self.seen:
                    self._watch(c["Id"])
        except (OSError, EngineError) as e:
            self.errors.append(str(e))
        time.sleep(0.05)

    def _watch(self, worker):
        found = {"inspect": "", "log": ""}
        for _ in range(400):
            try:
                _, raw = self.client.request("GET", f"/containers/{worker}/json")
                found["inspect"] = raw.decode(errors="replace")
                found["log"] = self.client.logs(worker)
            except EngineError:
                break  # removed
            if "listening on" in found["log"]:
                break
            time.sleep(0.02)
        self.seen[worker] = found


class Capture(Background):
    """TCP payloads between this namespace and `address` on `interface` (an AF_PACKET socket: stdlib, root),
    per connection (client address, client port, server port) and direction, except the engine's API port."""

    def __init__(self, interface, address):
        self.address = socket.inet_aton(address)
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.sock.bind((interface, 0))
        self.sock.settimeout(0.1)
        self.sent = {}      # (client port, server port) → bytes to the engine's namespace, in arrival order
        self.received = {}  # the same, from it

    def __exit__(self, *exc):
        super().__exit__(*exc)
        self.sock.close()

    def step(self):
        try:
            frame = self.sock.recv(65535)
        except socket.timeout:
            return
        if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
            return  # IPv4 and TCP only
        ip = frame[14:]
        header, total = (ip[0] & 0x0F) * 4, int.from_bytes(ip[2:4], "big")
        tcp = ip[header:total]
        sport, dport = int.from_bytes(tcp[0:2], "big"), int.from_bytes(tcp[2:4], "big")
        payload = tcp[(tcp[12] >> 4) * 4:]
        if not payload or ENGINE_PORT in (sport, dport):
            return
        if ip[16:20] == self.address:
            self.sent[(sport, dport)] = self.sent.get((sport, dport), b"") + payload
        elif ip[12:16] == self.address:
            self.received[(dport, sport)] = self.received.get((dport, sport), b"") + payload

    def wire(self):
        return b"".join(self.sent.values()) + b"".join(self.received.values())


def check_worker(failures, name, watch, capture, clear_words):
    """The worker's container and what crossed the wire."""
    if watch.errors:
        failures.append(f"{name}: watching the engine failed: {watch.errors[:3]}")
    if len(watch.seen) != 1 or not next(iter(watch.seen.values()))["inspect"]:
        failures.append(f"{name}: {len(watch.seen)} worker containers seen while it ran, expected 1 (inspected)")
        return
    found = next(iter(watch.seen.values()))
    inspect = json.loads(found["inspect"])
    cmd = inspect["Config"]["Cmd"]
    port = inspect["NetworkSettings"]["Ports"]["8080/tcp"][0]["HostPort"]
    host_ips = {b["HostIp"] for b in inspect["HostConfig"]["PortBindings"]["8080/tcp"]}
    problems = []
    if "--certificate" not in cmd or "--key" not in cmd or "--disable-tls" in cmd:
        problems.append(f"the worker runs {cmd}")
    if host_ips != {"0.0.0.0"}:
        problems.append(f"its port is published on {host_ips}")
    if "PRIVATE KEY" in found["inspect"]:
        problems.append("its private key shows in `docker inspect`")
    if "listening on 0.0.0.0:8080 (TLS)" not in found["log"]:
        problems.append(f"its log does not say it listens with TLS:\n{found['log']}")
    # The keys of the protocol's handshake: the dispatcher sends the worker's receive key, the worker answers
    # with its send key. In clear they would be on the wire.
    keys = [cmd[cmd.index(option) + 1] for option in ("--recv-key", "--send-key")]
    to_worker = [data for (_, server), data in capture.sent.items() if server == int(port)]
    if not to_worker:
        problems.append(f"nothing was captured towards the worker's port {port}")
    elif any(data[:2] != b"\x16\x03" for data in to_worker):
        problems.append(f"the dispatcher's first bytes to the worker are no TLS handshake: "
                        f"{[data[:16] for data in to_worker]}")
    wire = capture.wire()
    for word in keys + clear_words:
        if word.encode() in wire:
            problems.append(f"{word!r} crossed the network in clear")
    if problems:
        failures.append(f"{name}: " + "; ".join(problems))
    else:
        print(f"ok: {name}: the worker serves its own certificate on 0.0.0.0:{port}, no key in its configuration; "
              f"{sum(map(len, to_worker))} bytes to it, all TLS, nothing of the protocol in clear", flush=True)


def main():
    melodium = os.path.abspath(sys.argv[1])
    failures = []
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, DockerEngine(tcp="netns") as engine:
        client = engine.client()
        images.load(client, "debian")
        print(f"engine in its namespace at {engine.tcp_env()['DOCKER_HOST']}, ready in {engine.start_seconds:.1f} s,"
              f" debian loaded at {time.monotonic() - began:.1f} s", flush=True)
        env = {k: v for k, v in os.environ.items()
               if k not in ("DOCKER_HOST", "CONTAINER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH",
                            "MELODIUM_LOCATION", "MELODIUM_DIST_CA_FILE")}
        env.update(engine.tcp_env(), NO_COLOR="1", MELODIUM_WORK_DIR=os.path.join(tmp, "state"))
        dialled = f"ready on {engine.tcp_address}:"

        for name, command, expected, lines in (
                # A second's sleep keeps the worker up long enough to be watched even on a loaded machine.
                ("a step that succeeds", "echo remote-ok; sleep 1", {"started", "success", "completed", "finished"},
                 ["info: s: remote-ok"]),
                ("a step that fails", "echo remote-failing; sleep 1; exit 3",
                 {"started", "error", "completed", "finished"}, ["info: s: remote-failing", "exited with status 3"])):
            with WorkerWatch(client) as watch, Capture(engine.veth, engine.tcp_address) as capture:
                proc, fired, took = fired_outputs(melodium, tmp, env, "simpleStep", "docker",
                                                  f"\"sh -c '{command}'\"", "")
            check(failures, name, proc, fired, expected, took, [dialled, "(TLS, its certificate pinned)"] + lines)
            check_worker(failures, name, watch, capture, ["AskDistribution", "LoadAndLaunch", command])

        clear = dict(env)
        clear.pop("DOCKER_TLS_VERIFY")
        proc, fired, took = fired_outputs(melodium, tmp, clear, "simpleStep", "docker", '"true"', "")
        check(failures, "the same engine without TLS", proc, fired, {"failed", "finished"}, took,
              ["is an engine on another machine reached without TLS"])
        if took > 10:
            failures.append(f"the same engine without TLS: refused in {took:.1f} s (not at once)")

        check_nothing_left(failures, "remote docker", client)
    print(f"took {time.monotonic() - began:.1f} s in all (the engine stopped and cleaned)")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
