#!/usr/bin/env python3
"""The bundle of melodium and its exec agent in real containers (issue 18), on Docker and on Podman, each
started with its own state by tests/fixtures/containers.

    container_agent.py MELODIUM [--engines docker,podman]

1. `melodium agent bundle --out DIR` makes the bundle's image archive (`docker save` format), then finds it in
   its cache (same archive, same hash), also when melodium is run through its loader explicitly.
2. Per engine: the archive is loaded; `melodium --version` runs in a container of the bundle image, which also
   fills a named volume with the image's /melodium (Docker copies an image's content into an empty named
   volume when the container is created, Podman when it starts: after the run both hold it).
3. A container of the busybox image (statically linked: no libc, nothing the bundle could use) mounts that
   volume read-only at /melodium and runs `melodium agent serve --socket …` through the bundled loader, under
   the engine's init, with its socket in a host directory bind-mounted for the test. The test speaks the agent
   protocol (packages/work/local/agent_protocol.h: SOCK_SEQPACKET, pipes passed with SCM_RIGHTS) from the
   host: stdout, stderr and the exit status exact; a `kill` ends a shell and the sleeps it started within a
   second; stopping the container (SIGTERM through the init) ends the agent cleanly and removes its socket.
Everything made is removed: containers and volume, the engines, the cache directory. Prints the timings."""
import argparse
import array
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures"))

from containers import images                      # noqa: E402
from containers.engines import ENGINES             # noqa: E402

AGENT_DIR = "/run/melodium-agent"       # the socket's directory in the executor container
LABEL = {"melodium.test": "container_agent"}


class Failure(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise Failure(what)


# -- the agent protocol (packages/work/local/wire.h, agent_protocol.h)

def encode(strings):
    out = struct.pack("=I", len(strings))
    for s in strings:
        data = s.encode()
        out += struct.pack("=I", len(data)) + data
    return out


def decode(data):
    (count,), at, out = struct.unpack_from("=I", data), 4, []
    for _ in range(count):
        (size,) = struct.unpack_from("=I", data, at)
        out.append(data[at + 4:at + 4 + size].decode())
        at += 4 + size
    return out


def receive(sock, timeout):
    sock.settimeout(timeout)
    data = sock.recv(1 << 20)
    expect(data, "the agent closed the connection without answering")
    return decode(data)


def start_command(path, argv, piped):
    """Connects, sends an exec request for argv with stdout and stderr piped (or not); returns the socket and
    our read ends."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    sock.connect(path)
    flags, ours, theirs = "", [], []
    if piped:
        flags = "oe"
        for _ in range(2):
            r, w = os.pipe()
            ours.append(r)
            theirs.append(w)
    request = ["exec", flags, "", str(len(argv)), *argv, "0"]
    sock.sendmsg([encode(request)], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", theirs))] if theirs else [])
    for fd in theirs:
        os.close(fd)
    answer = receive(sock, 10)
    expect(answer[0] == "started", f"the agent answered {answer} to {argv}")
    return sock, ours


def read_all(fd, into):
    with os.fdopen(fd, "rb") as f:
        into.append(f.read())


def run_command(path, argv):
    """(stdout, stderr, final report) of argv run through the agent."""
    sock, (out_fd, err_fd) = start_command(path, argv, True)
    out, err = [], []
    readers = [threading.Thread(target=read_all, args=(fd, into)) for fd, into in ((out_fd, out), (err_fd, err))]
    for t in readers:
        t.start()
    for t in readers:
        t.join(30)
    report = receive(sock, 30)
    sock.close()
    return out[0], err[0], report


def processes(path):
    """The command lines of the container's processes, through the agent (no ps needed)."""
    out, _, report = run_command(path, ["sh", "-c", "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done"])
    expect(report == ["exited", "0"], f"listing processes: {report}")
    return [line.strip() for line in out.decode().splitlines() if line.strip()]


# -- the test

def make_bundle(melodium, cache):
    """`melodium agent bundle --out cache` (melodium: the binary, or a command running it); its printed fields
    and the seconds it took."""
    began = time.monotonic()
    command = melodium if isinstance(melodium, list) else [melodium]
    proc = subprocess.run(command + ["agent", "bundle", "--out", cache], capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - began
    expect(proc.returncode == 0, f"melodium agent bundle exited {proc.returncode}: {proc.stderr}")
    fields = dict(line.split(" ", 1) for line in proc.stdout.splitlines())
    expect(set(fields) == {"image", "archive", "hash"}, f"melodium agent bundle printed {proc.stdout!r}")
    return fields, seconds


def wait_for_socket(client, container, path, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as probe:
                probe.connect(path)
            return
        except (FileNotFoundError, ConnectionRefusedError):
            pass
        state = client.get(f"/containers/{container}/json")["State"]
        if not state["Running"]:
            raise Failure(f"the agent's container ended (exit {state['ExitCode']}): {client.logs(container)}")
        time.sleep(0.05)
    raise Failure(f"no agent socket after {timeout} s: {client.logs(container)}")


def run_on(engine_cls, bundle, work, timings):
    name = engine_cls.__name__
    with engine_cls() as engine:
        client = engine.client()
        images.load(client, "busybox")
        began = time.monotonic()
        with open(bundle["archive"], "rb") as f:
            client.load_image(f, os.path.getsize(bundle["archive"]))
        timings[f"{name}: load the bundle"] = time.monotonic() - began
        loaded = client.image(bundle["image"])
        expect(loaded is not None, f"{name}: {bundle['image']} not known after the load")
        expect(loaded["Config"]["Entrypoint"] == bundle["command"], f"{name}: entrypoint {loaded['Config']}")

        # melodium --version in the bundle image, filling the volume with /melodium.
        volume = "mdt-melodium-bundle-" + bundle["hash"][:12]
        client.post("/volumes/create", {"Name": volume, "Labels": LABEL})
        began = time.monotonic()
        version = client.post("/containers/create", {
            "Image": bundle["image"], "Cmd": ["--version"], "Labels": LABEL,
            "HostConfig": {"Mounts": [{"Type": "volume", "Source": volume, "Target": "/melodium"}]}})["Id"]
        client.post(f"/containers/{version}/start")
        status = client.post(f"/containers/{version}/wait", timeout=60)["StatusCode"]
        timings[f"{name}: melodium --version in the bundle image"] = time.monotonic() - began
        printed = client.logs(version)
        expect(status == 0 and "melodium" in printed.lower(), f"{name}: --version exited {status}: {printed!r}")
        client.delete(f"/containers/{version}")

        # The agent in a busybox container, from the volume, read-only.
        sockets = os.path.join(work, f"agent-{name}")
        os.makedirs(sockets)
        host_socket = os.path.join(sockets, "agent.sock")
        image = images.RECIPES["busybox"]["tags"][0]
        began = time.monotonic()
        agent = client.post("/containers/create", {
            "Image": image, "Labels": LABEL,
            "Entrypoint": bundle["command"] + ["agent", "serve", "--socket", f"{AGENT_DIR}/agent.sock"], "Cmd": None,
            "HostConfig": {"Init": True, "Mounts": [
                {"Type": "volume", "Source": volume, "Target": "/melodium", "ReadOnly": True},
                {"Type": "bind", "Source": sockets, "Target": AGENT_DIR}]}})["Id"]
        client.post(f"/containers/{agent}/start")
        wait_for_socket(client, agent, host_socket)
        timings[f"{name}: agent container started, socket ready"] = time.monotonic() - began

        out, err, report = run_command(host_socket, ["sh", "-c", "echo out; echo err >&2; exit 3"])
        expect((out, err, report) == (b"out\n", b"err\n", ["exited", "3"]),
               f"{name}: exec gave stdout {out!r}, stderr {err!r}, {report}")
        out, _, report = run_command(host_socket, ["no-such-program"])
        expect(report == ["exited", "127"], f"{name}: a missing program gave {report}")

        sock, _ = start_command(host_socket, ["sh", "-c", "sleep 60 & sleep 61; wait"], False)
        deadline = time.monotonic() + 10
        while not {"sleep 60", "sleep 61"} <= set(processes(host_socket)):
            expect(time.monotonic() < deadline, f"{name}: the sleeps never started: {processes(host_socket)}")
            time.sleep(0.05)
        began = time.monotonic()
        sock.send(encode(["kill"]))
        report = receive(sock, 5)
        left = [p for p in processes(host_socket) if p.startswith("sleep") or p.startswith("sh -c sleep")]
        killed_in = time.monotonic() - began
        sock.close()
        timings[f"{name}: kill, and the container checked"] = killed_in
        expect(report == ["signaled", "9"], f"{name}: after kill the agent reported {report}")
        expect(not left, f"{name}: processes left after kill: {left}")
        expect(killed_in < 1.0, f"{name}: kill took {killed_in:.2f} s")

        began = time.monotonic()
        client.post(f"/containers/{agent}/stop", params={"t": 10}, timeout=60)
        timings[f"{name}: stop the agent's container"] = time.monotonic() - began
        state = client.get(f"/containers/{agent}/json")["State"]
        expect(state["ExitCode"] == 0, f"{name}: the agent's container exited {state['ExitCode']}: "
                                       f"{client.logs(agent)}")
        expect(not os.path.exists(host_socket), f"{name}: the agent left its socket behind")
        expect(time.monotonic() - began < 5, f"{name}: the stop waited for its timeout (SIGTERM not handled)")
        client.delete(f"/containers/{agent}", params={"force": True})
        client.delete(f"/volumes/{volume}")
        for kind in ("containers", "volumes"):
            left = client.by_label(kind, "melodium.test=container_agent")
            expect(not left, f"{name}: {kind} left: {left}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("melodium")
    parser.add_argument("--engines", default="docker,podman")
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("FAILED: the engines need root")
        return 1
    work = tempfile.mkdtemp(prefix="mdt-container-agent-")
    timings = {}
    try:
        cache = os.path.join(work, "cache")
        bundle, timings["make the bundle (cold)"] = make_bundle(args.melodium, cache)
        again, timings["make the bundle (cached)"] = make_bundle(args.melodium, cache)
        expect(again == bundle, f"the cached bundle differs: {again} vs {bundle}")
        timings["bundle size (MB)"] = os.path.getsize(bundle["archive"]) / 1e6
        bundle["command"] = bundle_command(bundle["archive"])
        expect(bundle["command"][1:] == ["--library-path", "/melodium/lib", "/melodium/bin/melodium"],
               f"the bundle's entrypoint: {bundle['command']}")
        # melodium run through its loader named on the command line (as in the containers) finds the same
        # closure: the same bundle.
        loader = next(p for p in ("/lib64", "/lib", "/usr/lib64")
                      if os.path.exists(os.path.join(p, os.path.basename(bundle["command"][0]))))
        explicit, _ = make_bundle([os.path.join(loader, os.path.basename(bundle["command"][0])), args.melodium], cache)
        expect(explicit == again, f"through the loader: {explicit} vs {again}")
        for kind in args.engines.split(","):
            run_on(ENGINES[kind], bundle, work, timings)
    except Failure as failure:
        print(f"FAILED: {failure}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for label, value in timings.items():
            print(f"  {label}: {value:.2f}" + ("" if "MB" in label else " s"))
    print("OK")
    return 0


def bundle_command(archive):
    """The image's Entrypoint (the bundled loader, --library-path, the binary), read from its configuration."""
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        config = json.load(tar.extractfile(manifest[0]["Config"]))
    return config["config"]["Entrypoint"]


if __name__ == "__main__":
    sys.exit(main())
