#!/usr/bin/env python3
"""cicd/naive::simpleStep on the `swarm` location (issue 19), on the three-node Docker Swarm of
tests/fixtures/cluster: a step that succeeds, one whose command exits non-zero (`error`), one asking more CPU
than any node has (`failed`, with Swarm's own reason, within MELODIUM_SWARM_PLACEMENT_TIMEOUT), `api` with
MELODIUM_LOCATION=swarm, an engine that is no manager refused naming it; afterwards nothing of the runs
(service, task, container, network, secret, volume labelled with a run) remains on any node.

    swarm_steps.py MELODIUM

melodium's image (`melodium agent bundle`) and the step's image are loaded on every node, as a user without a
registry does (docs/cluster.md); each node is labelled with its engine's socket (tech.melodium.docker-socket)
for the cleanup of a run's volumes on a node that is not the manager."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "fixtures"))
sys.path.insert(0, HERE)

from cluster.swarm import shared, stop_shared        # noqa: E402
import simple_step_outcomes as outcomes               # noqa: E402

RUN_LABEL = "tech.melodium.run"
PLACEMENT_TIMEOUT = 6


def run_step(melodium, tmp, env, location, commands, extra=""):
    path = os.path.join(tmp, "main.mel")
    with open(path, "w") as f:
        f.write(outcomes.program("simpleStep", location, commands, extra))
    started = time.monotonic()
    proc = subprocess.run([melodium, "run", path], cwd=tmp, env=env, capture_output=True, text=True, timeout=240)
    fired = {line.split("info: out: ")[1] for line in proc.stdout.splitlines() if "info: out: " in line}
    return proc, fired, time.monotonic() - started


def check(failures, name, proc, fired, expected, took, lines=()):
    missing = [line for line in lines if line not in proc.stdout + proc.stderr]
    if proc.returncode != 0 or fired != expected or missing:
        failures.append(f"{name}: exit {proc.returncode}, fired {sorted(fired)}, expected {sorted(expected)}"
                        f"{', missing ' + repr(missing) if missing else ''}\n{proc.stdout}{proc.stderr}")
    else:
        print(f"ok: {name}: {sorted(fired)} ({took:.1f} s)", flush=True)


def label_sockets(cluster):
    """Each node's label tech.melodium.docker-socket: its engine's socket, for the volume cleanup."""
    client = cluster.manager_client()
    for name in ("node1", "node2", "node3"):
        node = cluster.node(name)
        current = client.get(f"/nodes/{node.id}")
        labels = dict(current["Spec"].get("Labels") or {}, **{"tech.melodium.docker-socket": node.socket})
        client.post(f"/nodes/{node.id}/update", dict(current["Spec"], Labels=labels),
                    params={"version": current["Version"]["Index"]})


def set_availability(cluster, name, availability):
    """A node's availability: `drain` keeps new tasks off it."""
    client = cluster.manager_client()
    node = cluster.node(name)
    current = client.get(f"/nodes/{node.id}")
    client.post(f"/nodes/{node.id}/update", dict(current["Spec"], Availability=availability),
                params={"version": current["Version"]["Index"]})


def worker_node(proc):
    """The node the run's worker was on, from its log."""
    for line in proc.stdout.splitlines():
        if "the worker is on node " in line:
            return line.split("the worker is on node ", 1)[1].split(" ")[0]
    return None


def leftovers(cluster):
    """What of the runs remains: swarm objects on the manager, containers and volumes on every node."""
    left = {}
    manager = cluster.manager_client()
    flt = {"label": [RUN_LABEL]}
    for what in ("services", "secrets", "networks"):
        found = manager.get(f"/{what}", {"filters": flt})
        if found:
            left[f"manager {what}"] = [o.get("Spec", {}).get("Name") or o.get("Name") for o in found]
    tasks = [t for t in manager.get("/tasks") if RUN_LABEL in (t.get("Spec", {}).get("ContainerSpec", {})
                                                               .get("Labels") or {})]
    if tasks:
        left["tasks"] = [(t["ID"], t["Status"]["State"]) for t in tasks]
    for name in ("node1", "node2", "node3"):
        client = cluster.node(name).client()
        containers = client.get("/containers/json", {"all": "true", "filters": flt})
        volumes = client.get("/volumes", {"filters": flt}).get("Volumes") or []
        if containers:
            left[f"{name} containers"] = [c["Names"] for c in containers]
        if volumes:
            left[f"{name} volumes"] = [v["Name"] for v in volumes]
    return left


def check_nothing_left(failures, cluster, after):
    deadline = time.monotonic() + 10
    left = leftovers(cluster)
    while left and time.monotonic() < deadline:  # containers of removed tasks go within seconds
        time.sleep(0.5)
        left = leftovers(cluster)
    if left:
        failures.append(f"after {after}: of the runs remain {left}")
    else:
        print(f"ok: after {after}: nothing of the runs remains on any node", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("melodium")
    args = parser.parse_args()
    melodium = os.path.abspath(args.melodium)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        base = dict(os.environ, NO_COLOR="1", XDG_CACHE_HOME=os.path.join(tmp, "cache"),
                    MELODIUM_WORK_DIR=os.path.join(tmp, "state"),
                    MELODIUM_SWARM_PLACEMENT_TIMEOUT=str(PLACEMENT_TIMEOUT))
        base.pop("MELODIUM_LOCATION", None)
        base.pop("MELODIUM_API_URL", None)
        bundle = subprocess.run([melodium, "agent", "bundle"], env=base, capture_output=True, text=True,
                                timeout=120, check=True).stdout
        fields = dict(line.split(" ", 1) for line in bundle.splitlines() if " " in line)
        try:
            cluster = shared()
            began = time.monotonic()
            cluster.load_image("debian")
            cluster.load_archive(fields["archive"], fields["image"])
            label_sockets(cluster)
            print(f"ok: images on the three nodes ({time.monotonic() - began:.1f} s)", flush=True)
            env = cluster.env(base)

            # The manager drained: the run lands on a worker node, whose volumes only a service there removes.
            set_availability(cluster, "node1", "drain")
            proc, fired, took = run_step(melodium, tmp, env, "swarm", "\"sh -c 'echo hi > /mnt/data/out'\"",
                                         ', out_file = |wrap<string>("out")')
            set_availability(cluster, "node1", "active")
            check(failures, "success (out_file) on a worker node", proc, fired,
                  {"started", "success", "completed", "finished"}, took, ["using the swarm of Docker"])
            if worker_node(proc) not in ("node2", "node3"):
                failures.append(f"success on a worker node: the worker was on {worker_node(proc)}")
            check_nothing_left(failures, cluster, "success on a worker node")

            # Only the manager active: the run's volumes are removed through the manager's own API.
            set_availability(cluster, "node2", "drain")
            set_availability(cluster, "node3", "drain")
            proc, fired, took = run_step(melodium, tmp, env, "swarm", "\"sh -c 'echo hi > /mnt/data/out'\"",
                                         ', out_file = |wrap<string>("out")')
            set_availability(cluster, "node2", "active")
            set_availability(cluster, "node3", "active")
            check(failures, "success (out_file) on the manager", proc, fired,
                  {"started", "success", "completed", "finished"}, took)
            if worker_node(proc) != "node1":
                failures.append(f"success on the manager: the worker was on {worker_node(proc)}")
            check_nothing_left(failures, cluster, "success on the manager")

            proc, fired, took = run_step(melodium, tmp, env, "swarm", '"false", "true"')
            check(failures, "non-zero exit", proc, fired, {"started", "error", "completed", "finished"}, took)
            check_nothing_left(failures, cluster, "non-zero exit")

            proc, fired, took = run_step(melodium, tmp, env, "swarm", '"true"', ", cpu = 3000")
            check(failures, "3 CPUs: no node", proc, fired, {"failed", "finished"}, took,
                  ["no suitable node (insufficient resources on 3 nodes)", "MELODIUM_SWARM_PLACEMENT_TIMEOUT"])
            if took > PLACEMENT_TIMEOUT + 20:
                failures.append(f"3 CPUs: took {took:.1f} s, the bound is {PLACEMENT_TIMEOUT} s")
            check_nothing_left(failures, cluster, "3 CPUs")

            api_env = dict(env, MELODIUM_LOCATION="swarm")
            proc, fired, took = run_step(melodium, tmp, api_env, "api", '"true"')
            check(failures, "api with MELODIUM_LOCATION=swarm", proc, fired,
                  {"started", "success", "completed", "finished"}, took, ["using the swarm of Docker"])
            check_nothing_left(failures, cluster, "api")

            worker_env = dict(env, DOCKER_HOST="unix://" + cluster.node("node2").socket)
            proc, fired, took = run_step(melodium, tmp, worker_env, "swarm", '"true"')
            check(failures, "a worker node's engine", proc, fired, {"failed", "finished"}, took,
                  ["is not a manager of a swarm"])
        finally:
            stop_shared()
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
