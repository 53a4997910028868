#!/usr/bin/env python3
"""samples/16_ci_pipeline end to end on the local provisioner (issue 7): the demo application is built, tested
against a real Postgres service and packaged; then a variant whose build command fails. Checks the log lines
and their order of meaning, that build and test overlap, the artifact (its binary runs), and that nothing is
left behind (processes, mounts, run directories). Needs root (namespaces) and cargo (rustup's ~/.cargo/bin)."""
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

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
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    for line in ps.splitlines():
        if state in line or "ci_test" in line:
            found.append("process: " + line)
    return found


def run_pipeline(melodium, repo, out, state, sample_dir):
    env = dict(os.environ, MELODIUM_WORK_DIR=state, NO_COLOR="1")
    cargo_bin = os.path.expanduser("~/.cargo/bin")
    env["PATH"] = cargo_bin + ":" + env.get("PATH", "")
    return subprocess.run([melodium, "run", os.path.join(sample_dir, "Compo.toml"), "--api_token", "T",
                           "--repo_url", "file://" + repo], cwd=out, env=env, capture_output=True, text=True,
                          timeout=900)


def make_repo(base, broken):
    repo = os.path.join(base, "repo")
    shutil.copytree(os.path.join(SAMPLE, "app"), repo, ignore=shutil.ignore_patterns("target"))
    if broken:
        with open(os.path.join(repo, "src", "main.rs"), "a") as f:
            f.write("\nfn broken() -> u32 { \"not a number\" }\n")
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


def main():
    melodium = os.path.abspath(sys.argv[1])
    failures = []
    # Not under /tmp: each pod has a /tmp of its own, so the repository must be elsewhere.
    base = tempfile.mkdtemp(prefix="mel-ci-", dir="/var/tmp")
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
        if first(lines, "debug: test: test inventory_round_trip_through_postgres ... ok") == -1:
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
                     "debug: build: error[E0308]: mismatched types"]:
            if first(lines, text) == -1:
                failures.append(f"failing build: missing {text!r}")
        if first(lines, "pipeline complete") != -1 or os.listdir(out):
            failures.append("failing build: an artifact was written")
        failures += leftovers(state)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    print("ci_pipeline:", "ok" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
