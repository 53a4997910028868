#!/usr/bin/env python3
"""The sweep of runs whose dispatcher was killed (issue 18; packages/work/containers/sweep.h), on Docker and on
Podman, each started with its own state by tests/fixtures/containers.

    container_sweep.py MELODIUM [--engines docker,podman]

Per engine:
1. a live run L (a simpleStep whose command waits for a file the test makes later) and a victim run V
   (`sleep 300`) start; once both have started, V's `melodium run` is killed with SIGKILL (its whole process
   group); no process of it remains, and V's containers, network and volumes stay on the engine;
2. `melodium sweep --dry-run` lists V as to be removed and L as kept, and removes nothing;
3. labelled objects stand for runs of other dispatchers: another host's and one without a label (kept; listed
   with --all-hosts), one of a dead pid with the label of older builds (removed), one of this test's pid with
   another start time (a reused pid: removed) and with its own (alive: kept);
4. `melodium sweep` removes V and the dead ones, exits 0, and keeps L; `--all-hosts` then removes the other
   host's and the unlabelled run, still not L;
5. a run whose volume another container holds cannot be removed: exit 1 naming the volume; once freed, 0;
6. a second victim is killed, and the next `melodium run` sweeps it on its first request (its log says so),
   L untouched;
7. L is released and ends with success: nothing of it was swept. Afterwards no object of any run remains."""
import os
import signal
import socket
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

RUN = "tech.melodium.run"
DISPATCHER = "tech.melodium.dispatcher"
KINDS = ("containers", "networks", "volumes")
WAIT_FOR_GO = "\"timeout 120 sh -c 'until [ -e /tmp/go ]; do sleep 0.2; done'\""


class Failed(Exception):
    pass


def start_time(pid):
    with open(f"/proc/{pid}/stat") as f:
        return int(f.read().rsplit(")", 1)[1].split()[19])


def pid_namespace():
    return os.readlink("/proc/self/ns/pid").split("[")[1].rstrip("]")


def dead_pid():
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


class Engine:
    def __init__(self, kind, engine, melodium, tmp):
        self.kind = kind
        self.client = engine.client()
        self.melodium = melodium
        self.tmp = tmp
        host = "unix://" + engine.socket
        self.env = dict(os.environ, NO_COLOR="1", DOCKER_HOST=host, CONTAINER_HOST=host,
                        MELODIUM_WORK_DIR=os.path.join(tmp, "state"))
        self.env.pop("MELODIUM_LOCATION", None)
        self.count = 0
        self.started = []

    def start(self, commands):
        """A `melodium run` of a simpleStep in its own process group; (process, the file of its output)."""
        self.count += 1
        path = os.path.join(self.tmp, f"{self.kind}-{self.count}.mel")
        with open(path, "w") as f:
            f.write(outcomes.program("simpleStep", self.kind, commands, ""))
        with open(path + ".out", "w") as out:
            proc = subprocess.Popen([self.melodium, "run", path], cwd=self.tmp, env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.started.append(proc)
        return proc, path + ".out"

    def stop_all(self):
        """Kills what this test started and is still running (its own process groups)."""
        for proc in self.started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def sweep(self, *flags):
        proc = subprocess.run([self.melodium, "sweep", "--location", self.kind, *flags], cwd=self.tmp,
                              env=self.env, capture_output=True, text=True, timeout=120)
        return proc

    def objects(self, label):
        return {kind: sorted(o.get("Name") or o.get("Names", ["?"])[0] for o in self.client.by_label(kind, label))
                for kind in KINDS}

    def run_of(self, pid):
        """The run id whose dispatcher label names pid (with its start time: the label of this build)."""
        for c in self.client.by_label("containers", DISPATCHER):
            label = c["Labels"][DISPATCHER]
            if label.startswith(f"{socket.gethostname()}:{pid}:"):
                return c["Labels"][RUN], label
        return None, None

    def fake_run(self, run_id, dispatcher):
        """A network and a volume labelled as a run of `dispatcher` (None: no dispatcher label)."""
        labels = {RUN: run_id, "tech.melodium.group": "test"}
        if dispatcher is not None:
            labels[DISPATCHER] = dispatcher
        self.client.post("/networks/create", {"Name": f"sweep-test-{run_id}", "Labels": labels})
        self.client.post("/volumes/create", {"Name": f"sweep-test-{run_id}", "Labels": labels})


def output_of(path):
    with open(path) as f:
        return f.read()


def wait_started(proc, out, what, timeout=150):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = output_of(out)
        if "info: out: started" in text:
            return
        if proc.poll() is not None:
            raise Failed(f"{what} ended before its step started (exit {proc.returncode}):\n{text}")
        time.sleep(0.2)
    raise Failed(f"{what}: its step did not start within {timeout} s:\n{output_of(out)}")


def processes():
    """pid → (parent pid, start time) of every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                table[int(entry)] = (int(fields[1]), int(fields[19]))
            except (OSError, IndexError, ValueError):
                pass
    return table


def kill_group(proc):
    """SIGKILL to the run's process group; then none of the processes it had started may remain (whatever their
    group: one that had left it would keep the run alive)."""
    table = processes()
    family, grew = {proc.pid}, True
    while grew:
        grew = False
        for pid, (parent, _) in table.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    deadline = time.monotonic() + 10
    while True:
        now = processes()
        left = [pid for pid in family if pid in now and now[pid][1] == table[pid][1] and pid != proc.pid]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    expect(not left, f"processes the killed run had started remain: {left}")
    return len(family)


def expect(condition, message):
    if not condition:
        raise Failed(message)


def scenario(e, log):
    host = socket.gethostname()
    live, live_out = e.start(WAIT_FOR_GO)
    victim, victim_out = e.start('"sleep 300"')
    wait_started(live, live_out, "the live run")
    wait_started(victim, victim_out, "the victim run")
    live_run, live_label = e.run_of(live.pid)
    victim_run, victim_label = e.run_of(victim.pid)
    expect(live_run and victim_run, f"runs not found by their dispatcher label: {live_run}, {victim_run}")
    expect(victim_label == f"{host}:{victim.pid}:{start_time(victim.pid)}:{pid_namespace()}",
           f"the dispatcher label is not host:pid:start time:pid namespace: {victim_label}")
    family = kill_group(victim)
    victim_objects = e.objects(f"{RUN}={victim_run}")
    expect(all(victim_objects[k] for k in KINDS), f"the killed run left no container, network or volume, so "
                                                  f"nothing tests the sweep: {victim_objects}")
    live_objects = e.objects(f"{RUN}={live_run}")
    log(f"victim {victim_run} killed (a group of {family} processes); it left {victim_objects}")

    started = time.monotonic()
    dry = e.sweep("--dry-run")
    log(f"sweep --dry-run ({time.monotonic() - started:.2f} s):\n{dry.stdout}{dry.stderr}")
    expect(dry.returncode == 0, f"sweep --dry-run exited {dry.returncode}")
    expect(f"would remove run {victim_run}" in dry.stdout, "sweep --dry-run does not list the killed run")
    expect(f"kept run {live_run}" in dry.stdout, "sweep --dry-run does not list the live run as kept")
    expect(e.objects(f"{RUN}={victim_run}") == victim_objects, "sweep --dry-run removed something")

    me = os.getpid()
    fakes = {
        "other-host": f"elsewhere.invalid:{me}:{start_time(me)}:{pid_namespace()}",
        "no-label": None,
        "old-dead": f"{host}:{dead_pid()}",
        "old-alive": f"{host}:{me}",
        "reused": f"{host}:{me}:{start_time(me) + 1}:{pid_namespace()}",
        "alive": f"{host}:{me}:{start_time(me)}:{pid_namespace()}",
    }
    for run_id, dispatcher in fakes.items():
        e.fake_run(run_id, dispatcher)

    started = time.monotonic()
    swept = e.sweep()
    log(f"sweep ({time.monotonic() - started:.2f} s):\n{swept.stdout}{swept.stderr}")
    expect(swept.returncode == 0, f"sweep exited {swept.returncode}")
    for run_id in (victim_run, "old-dead", "reused"):
        expect(f"removed run {run_id}" in swept.stdout, f"sweep did not say it removed {run_id}")
        expect(not any(e.objects(f"{RUN}={run_id}").values()), f"objects of {run_id} remain after the sweep")
    for run_id in (live_run, "other-host", "no-label", "old-alive", "alive"):
        expect(f"kept run {run_id}" in swept.stdout, f"sweep did not list {run_id} as kept")
        expect(any(e.objects(f"{RUN}={run_id}").values()), f"objects of {run_id} were removed")
    expect("kept run other-host" in swept.stdout and "--all-hosts removes it" in swept.stdout,
           "a run of another host does not say that --all-hosts removes it")
    expect(e.objects(f"{RUN}={live_run}") == live_objects, "the live run's objects changed")

    every = e.sweep("--all-hosts")
    log(f"sweep --all-hosts:\n{every.stdout}{every.stderr}")
    expect(every.returncode == 0, f"sweep --all-hosts exited {every.returncode}")
    for run_id in ("other-host", "no-label"):
        expect(not any(e.objects(f"{RUN}={run_id}").values()), f"--all-hosts left {run_id}")
    for run_id in (live_run, "old-alive", "alive"):
        expect(any(e.objects(f"{RUN}={run_id}").values()), f"--all-hosts removed the live run {run_id}")
    for run_id in ("old-alive", "alive"):
        e.client.delete(f"/networks/sweep-test-{run_id}")
        e.client.delete(f"/volumes/sweep-test-{run_id}")

    # A volume held by a container of no run cannot go: exit 1, the volume named; once freed, 0.
    e.fake_run("held", f"{host}:{dead_pid()}")
    holder = e.client.post("/containers/create", {"Image": "localhost/busybox:1", "Cmd": ["true"],
                                                  "HostConfig": {"Binds": ["sweep-test-held:/held"]}},
                           params={"name": "sweep-test-holder"})["Id"]
    held = e.sweep()
    log(f"sweep of a held volume:\n{held.stdout}{held.stderr}")
    expect(held.returncode == 1, f"sweep with a volume that cannot go exited {held.returncode}")
    expect("could not remove run held" in held.stdout and "volume sweep-test-held remains" in held.stdout,
           "the volume that remains is not named")
    e.client.delete(f"/containers/{holder}", params={"force": True})
    freed = e.sweep()
    expect(freed.returncode == 0 and "removed run held" in freed.stdout,
           f"the freed run was not removed (exit {freed.returncode}):\n{freed.stdout}{freed.stderr}")

    # The next run sweeps on its first request.
    victim2, victim2_out = e.start('"sleep 300"')
    wait_started(victim2, victim2_out, "the second victim")
    victim2_run, _ = e.run_of(victim2.pid)
    kill_group(victim2)
    expect(all(e.objects(f"{RUN}={victim2_run}")[k] for k in KINDS), "the second victim left nothing")
    started = time.monotonic()
    after, after_out = e.start('"true"')
    code = after.wait(timeout=150)
    text = output_of(after_out)
    log(f"next run ({time.monotonic() - started:.1f} s), its sweep lines: "
        f"{[line for line in text.splitlines() if 'sweep' in line]}")
    expect(code == 0 and "info: out: success" in text, f"the next run failed (exit {code}):\n{text}")
    expect(f"sweep: removed run {victim2_run}" in text, f"the next run does not log its sweep:\n{text}")
    expect(live_run not in text, "the next run's log names the live run")
    expect(not any(e.objects(f"{RUN}={victim2_run}").values()), "the next run left the second victim's objects")
    expect(e.objects(f"{RUN}={live_run}") == live_objects, "the live run's objects changed")

    # The live run still works: released, it succeeds.
    step = [c for c in e.client.by_label("containers", f"{RUN}={live_run}")
            if c["Names"][0].lstrip("/").endswith("-s")]
    expect(len(step) == 1, f"the live run's step container is not found: {step}")
    code, _, err = e.client.exec(step[0]["Id"], ["touch", "/tmp/go"])
    expect(code == 0, f"cannot reach the live run's step container: {err}")
    code = live.wait(timeout=120)
    text = output_of(live_out)
    expect(code == 0 and "info: out: success" in text, f"the live run did not succeed (exit {code}):\n{text}")
    for kind in KINDS:
        left = e.client.by_label(kind, RUN)
        expect(not left, f"{kind} of runs remain at the end: {left}")


def run_engine(kind, melodium, tmp, failures):
    started = time.monotonic()
    with ENGINES[kind]() as engine:
        images.load(engine.client(), "debian")
        images.load(engine.client(), "busybox")
        e = Engine(kind, engine, melodium, tmp)
        try:
            scenario(e, lambda text: print(f"{kind}: {text}", flush=True))
            print(f"ok: {kind}: sweep ({time.monotonic() - started:.1f} s)")
        except Failed as failure:
            failures.append(f"{kind}: {failure}")
        finally:
            e.stop_all()


def main():
    return harness.per_engine_main(run_engine, "container_sweep")


if __name__ == "__main__":
    sys.exit(main())
