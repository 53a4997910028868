#!/usr/bin/env python3
"""samples/16_ci_pipeline end to end on the local provisioner (issue 7): the demo application is built, tested
against a real Postgres service and packaged; then variants: a build command that fails, Postgres stopped in
the test pod before the tests run (the stage must report `error`: the connection is real), and Ctrl-C in the
middle of the pipeline. Checks the log lines and their order of meaning, that build and test overlap, the
artifact (its binary runs), that nothing is left behind (processes, mounts, network namespaces, run
directories) and that nothing was written on the host outside the output file. Needs root (namespaces) and
cargo (rustup's ~/.cargo/bin)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = os.path.join(ROOT, "samples", "16_ci_pipeline")


def leftovers(state):
    found = []
    runs = os.path.join(state, "runs")
    if os.path.isdir(runs) and any(os.scandir(runs)):
        found.append(f"run directories under {runs}: {os.listdir(runs)}")
    with open("/proc/self/mountinfo") as f:
        mounts = [line for line in f if state in line]
    if mounts:
        found.append(f"{len(mounts)} mounts under {state}")
    # This run's helpers name the state directory; anything else of it left behind is an orphan (its pod's PID 1
    # gone): other tests running at the same time may well have a `ci_test` process of their own, with a parent.
    ps = subprocess.run(["ps", "-eo", "ppid=,args="], capture_output=True, text=True).stdout
    for line in ps.splitlines():
        ppid, _, args = line.strip().partition(" ")
        if state in args or ("ci_test" in args and ppid == "1"):
            found.append("process: " + args)
    return found


# Places a step could write to if its container were not isolated; none may change during a run.
WATCHED = ["/etc", "/root", "/home", "/opt", "/srv", "/mnt", "/workspace", "/usr/local", "/var/lib/postgresql",
           "/run/postgresql", "/var/mail"]


def host_writes(since, skip):
    """Files and directories under WATCHED created or changed since `since` (ctime), outside `skip`."""
    changed = []
    for root in WATCHED:
        if not os.path.lexists(root):
            continue
        stack = [root]
        while stack:
            path = stack.pop()
            if any(path == s or path.startswith(s + "/") for s in skip):
                continue
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            if st.st_ctime >= since:
                changed.append(path)
            if os.path.isdir(path) and not os.path.islink(path):
                try:
                    stack += [e.path for e in os.scandir(path)]
                except (PermissionError, FileNotFoundError):
                    pass
    return changed


def pipeline_command(melodium, repo, out, state, sample_dir):
    env = dict(os.environ, MELODIUM_WORK_DIR=state, NO_COLOR="1")
    cargo_bin = os.path.expanduser("~/.cargo/bin")
    env["PATH"] = cargo_bin + ":" + env.get("PATH", "")
    argv = [melodium, "run", os.path.join(sample_dir, "Compo.toml"), "--api_token", "T", "--repo_url",
            "file://" + repo]
    return argv, env


def run_pipeline(melodium, repo, out, state, sample_dir):
    argv, env = pipeline_command(melodium, repo, out, state, sample_dir)
    return subprocess.run(argv, cwd=out, env=env, capture_output=True, text=True, timeout=900)


def sample_variant(base, extra_test_command):
    """A copy of the sample whose test stage runs `extra_test_command` between the clone and `cargo test`."""
    sample = os.path.join(base, "sample")
    shutil.copytree(SAMPLE, sample, ignore=shutil.ignore_patterns("app"))
    path = os.path.join(sample, "main.mel")
    with open(path) as f:
        text = f.read()
    anchor = '            "sh -c \'export PATH=\\"$HOME/.cargo/bin:$PATH\\"; cd /workspace && cargo test --offline 2>&1\'"'
    if text.count(anchor) != 1:
        raise RuntimeError("the sample's test command is not where this test expects it")
    text = text.replace(anchor, f"            {extra_test_command},\n{anchor}")
    with open(path, "w") as f:
        f.write(text)
    return sample


# Run inside the test container: the superuser has the server signal its own postmaster (fast shutdown), then
# waits until `postgres` refuses connections.
STOP_POSTGRES = r"""#!/bin/sh
psql -X -q "$DATABASE_URL" -c "COPY (SELECT 1) TO PROGRAM 'kill -INT \$(head -1 postmaster.pid)'" || true
i=0
while pg_isready -q -h postgres; do
    i=$((i + 1))
    if [ "$i" -gt 300 ]; then echo "postgres is still up"; exit 1; fi
    sleep 0.1
done
echo "postgres stopped"
"""


def make_repo(base, broken, files=None):
    repo = os.path.join(base, "repo")
    shutil.copytree(os.path.join(SAMPLE, "app"), repo, ignore=shutil.ignore_patterns("target"))
    if broken:
        with open(os.path.join(repo, "src", "main.rs"), "a") as f:
            f.write("\nfn broken() -> u32 { \"not a number\" }\n")
    for name, content in (files or {}).items():
        os.makedirs(os.path.dirname(os.path.join(repo, name)), exist_ok=True)
        with open(os.path.join(repo, name), "w") as f:
            f.write(content)
    git = ["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@localhost"]
    subprocess.run(["git", "init", "-q", "--initial-branch=main", repo], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "app"], check=True)
    return repo


def lines_of(stdout):
    return [re.sub(r"^\[[^\]]*\] ", "", line) for line in stdout.splitlines()]


def first(lines, text):
    for i, line in enumerate(lines):
        if text in line:
            return i
    return -1


def postgres_stopped(melodium, base, state):
    """The test stage stops its Postgres before `cargo test`: the database test cannot connect and the stage
    reports `error`; build still succeeds, package is skipped."""
    failures = []
    where = os.path.join(base, "pg")
    repo = make_repo(where, broken=False, files={"ci/stop-postgres.sh": STOP_POSTGRES})
    sample = sample_variant(where, '"sh /workspace/ci/stop-postgres.sh"')
    out = os.path.join(where, "out")
    os.makedirs(out)
    proc = run_pipeline(melodium, repo, out, state, sample)
    lines = lines_of(proc.stdout)
    for text in ["info: test: postgres stopped", "info: build: build succeeded",
                 "info: test: test inventory_round_trip_through_postgres ... FAILED",
                 "error: test: tests did not pass", "error: ci: pipeline aborted — skipping package stage"]:
        if first(lines, text) == -1:
            failures.append(f"missing {text!r}")
    if first(lines, "Connection refused") == -1:
        failures.append("the database test did not report a refused connection")
    if first(lines, "all tests passed") != -1 or first(lines, "pipeline complete") != -1 or os.listdir(out):
        failures.append("the pipeline went on as if the tests had passed")
    if failures:
        failures.append("log:\n" + proc.stdout + proc.stderr)
    return failures + leftovers(state)


def process_tree(root_pid):
    """{pid: start time} of `root_pid` and all its descendants."""
    parents, starts = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        parents[int(entry)] = int(fields[1])
        starts[int(entry)] = fields[19]
    tree, grew = {root_pid}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return {pid: starts.get(pid) for pid in tree}


def still_running(tree):
    alive = []
    for pid, start in tree.items():
        try:
            with open(f"/proc/{pid}/stat") as f:
                text = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if text.rsplit(")", 1)[1].split()[19] == start and " (Z) " not in text:
            alive.append(text.split(")")[0] + ")")
    return alive


def interrupted(melodium, base, state):
    """SIGINT (Ctrl-C) while build compiles and the test stage runs beside Postgres: the run stops promptly and
    leaves no process, mount, namespace, run directory or output behind."""
    failures = []
    where = os.path.join(base, "int")
    repo = make_repo(where, broken=False)
    sample = sample_variant(where, '"sh -c \'echo waiting for the interrupt; exec sleep 600\'"')
    out = os.path.join(where, "out")
    os.makedirs(out)
    argv, env = pipeline_command(melodium, repo, out, state, sample)
    proc = subprocess.Popen(argv, cwd=out, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seen, ready = [], threading.Event()

    def read():
        for line in proc.stdout:
            seen.append(line)
            if "info: test: waiting for the interrupt" in line:
                ready.set()
        ready.set()  # the run ended first: no point waiting
    reader = threading.Thread(target=read)
    reader.start()
    if not ready.wait(600) or proc.poll() is not None:
        proc.kill()
        reader.join()
        return ["the test stage never reached its waiting command:\n" + "".join(seen)]
    tree = process_tree(proc.pid)
    namespaces = {os.readlink(f"/proc/{pid}/ns/net") for pid in tree if os.path.exists(f"/proc/{pid}/ns/net")}
    namespaces.discard(os.readlink("/proc/self/ns/net"))
    if len(tree) < 6 or not namespaces:
        failures.append(f"expected the pods' processes and network namespaces, saw {len(tree)} processes and "
                        f"{len(namespaces)} namespaces")
    interrupted_at = time.monotonic()
    before = len(seen)
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(120)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
        failures.append("still running 120 s after Ctrl-C")
    reader.join()
    took = time.monotonic() - interrupted_at
    if code != 128 + signal.SIGINT:
        failures.append(f"exit code {code} after Ctrl-C")
    time.sleep(0.5)  # reaped children may take a moment to disappear from /proc
    alive = still_running(tree)
    if alive:
        failures.append(f"processes left running: {alive}")
    left_ns = set()
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and os.readlink(f"/proc/{pid}/ns/net") in namespaces:
                left_ns.add(pid)
        except OSError:
            pass
    if left_ns:
        failures.append(f"processes still in the pods' network namespaces: {sorted(left_ns)}")
    # Only the pods' namespaces: a container engine started by another test at the same time bind-mounts its own.
    with open("/proc/self/mountinfo") as f:
        if any("nsfs" in line and any(ns in line for ns in namespaces) for line in f):
            failures.append("a network namespace of the pods is still bind-mounted")
    if os.listdir(out):
        failures.append(f"written to the output directory: {os.listdir(out)}")
    after = "".join(seen[before:])
    if "pod ready" in after:
        failures.append("a pod was provisioned after Ctrl-C")
    if "error: distrib:" in after or "killed by signal" in after:
        failures.append("the workers' expected end was reported as an error")
    if failures:
        failures.append(f"log ({took:.1f} s after Ctrl-C):\n" + "".join(seen))
    return failures + leftovers(state)


def main():
    melodium = os.path.abspath(sys.argv[1])
    failures = []
    # Not under /tmp: each pod has a /tmp of its own, so the repository must be elsewhere.
    base = tempfile.mkdtemp(prefix="mel-ci-", dir="/var/tmp")
    started = time.time() - 1
    try:
        state = os.path.join(base, "state")
        # ---- success ----
        repo = make_repo(os.path.join(base, "ok"), broken=False)
        out = os.path.join(base, "ok", "out")
        os.makedirs(out)
        proc = run_pipeline(melodium, repo, out, state, SAMPLE)
        lines = lines_of(proc.stdout)
        if proc.returncode != 0:
            failures.append(f"success run: exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
        order = ["info: ci: pipeline started", "info: build: build succeeded", "info: test: all tests passed",
                 "info: ci: pipeline complete — artifact written"]
        positions = [first(lines, t) for t in order]
        if -1 in positions:
            failures.append(f"missing lines: {[t for t, p in zip(order, positions) if p == -1]}")
        elif positions.index(max(positions)) != 3 or positions[0] > min(positions[1:]):
            failures.append(f"lines out of order: {positions}")
        # Overlap: the test pod is provisioned before the build stage succeeded.
        test_ready = first(lines, "info: postgres: postgres ready")
        build_ok = positions[1]
        test_requested = first(lines, "info: test: Dispatch requested")
        if test_requested == -1 or build_ok == -1 or test_requested > build_ok:
            failures.append("build and test did not overlap")
        if first(lines, "info: test: test inventory_round_trip_through_postgres ... ok") == -1:
            failures.append("the database test did not pass through Postgres")
        artifact = os.path.join(out, "artifact.tar.gz")
        if not os.path.exists(artifact):
            failures.append("no artifact.tar.gz")
        else:
            with tarfile.open(artifact) as t:
                t.extract("binary", out)
            version = subprocess.run([os.path.join(out, "binary"), "--version"], capture_output=True, text=True)
            if version.stdout.strip() != "app 0.1.0":
                failures.append(f"the packaged binary says {version.stdout!r}")
        for stage in ["build", "test", "package"]:
            if not any(re.fullmatch(rf"info: summary: {stage} succeeded in [0-9.]+ s", line) for line in lines):
                failures.append(f"success run: no summary line for {stage}; the summary was:\n" +
                                "\n".join(line for line in lines if "summary" in line))
        if sorted(os.listdir(out)) != ["artifact.tar.gz", "binary"]:
            failures.append(f"unexpected files written: {os.listdir(out)}")
        failures += leftovers(state)
        _ = test_ready

        # ---- a failing build ----
        repo = make_repo(os.path.join(base, "ko"), broken=True)
        out = os.path.join(base, "ko", "out")
        os.makedirs(out)
        proc = run_pipeline(melodium, repo, out, state, SAMPLE)
        lines = lines_of(proc.stdout)
        for text in ["error: build: build stage exited with error",
                     "error: ci: pipeline aborted — skipping package stage",
                     "info: build: error[E0308]: mismatched types"]:
            if first(lines, text) == -1:
                failures.append(f"failing build: missing {text!r}")
        if first(lines, "pipeline complete") != -1 or os.listdir(out):
            failures.append("failing build: an artifact was written")
        # A CI system sees the failure: the sample sets exit status 1 when a stage fails.
        if proc.returncode != 1:
            failures.append(f"failing build: exit {proc.returncode}, expected 1")
        # The failed command is named with its status, the step's outcome has its duration, the summary ends.
        if not any(re.search(r"error: build: command 2 of 3 \(`sh -c .*cargo build --release --offline 2>&1'`\) "
                             r"exited with status 101$", line) for line in lines):
            failures.append("failing build: the failed command is not named with its status")
        if not any(re.fullmatch(r"info: summary: build failed \(a command exited with a non-zero status\) in "
                                r"[0-9.]+ s", line) for line in lines):
            failures.append("failing build: no summary line for build; the summary and errors were:\n" +
                            "\n".join(line for line in lines if "summary" in line or line.startswith("error")))
        failures += leftovers(state)

        # ---- Postgres stopped in the pod before the tests ----
        failures += [f"postgres stopped: {f}" for f in postgres_stopped(melodium, base, state)]

        # ---- Ctrl-C in the middle ----
        failures += [f"interrupted: {f}" for f in interrupted(melodium, base, state)]

        writes = host_writes(started, skip=[ROOT, base])
        if writes:
            failures.append(f"written on the host during the runs: {writes[:20]}")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("ci_pipeline:", "ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
