#!/usr/bin/env python3
"""Runs one golden conformance case of melodium and compares what it did with what it must do.

A case is a folder holding a program and:
  args              the melodium arguments, one shell-quoted line (e.g. `run main.mel --out x.bin`)
  expected.exit     expected exit code (default 0)
  expected.stdout   expected standard output (default: empty)
  expected.stderr   expected standard error (default: empty)
  expected-files/   files the run must produce, relative to the working directory, byte for byte;
                    `NAME.sha256` instead holds the SHA-256 (hex) of a produced file NAME
  timeout           seconds before the run is killed (default 120)
  stdin             fed to the program's standard input (default: nothing)
  env               extra environment variables, one NAME=value per line; $WORK in a value is the
                    case's working directory

The case runs in a fresh copy of its folder inside a temporary directory. Before comparing, log
timestamps become [TIMESTAMP], durations as the CI steps print them (`1.2 s`, `3 min 05 s`) become
[DURATION] and the temporary directory becomes $WORK. Every difference is
printed as a unified diff; the exit status is 1 when anything differs.
Set MEL_UPDATE_GOLDEN=1 to rewrite the expectations from the actual run instead.
"""
import argparse
import difflib
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

TIMESTAMP = re.compile(rb"\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\]")
DURATION = re.compile(rb"\b(?:\d+ min \d\d|\d+\.\d) s\b")
EXPECTATIONS = {"args", "expected.exit", "expected.stdout", "expected.stderr", "timeout", "stdin"}


def mask(data: bytes, work: str) -> bytes:
    data = TIMESTAMP.sub(b"[TIMESTAMP]", data)
    data = DURATION.sub(b"[DURATION]", data)
    for path in {work, os.path.realpath(work)}:
        data = data.replace(path.encode(), b"$WORK")
    return data


def read(path: str, default: bytes = b"") -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


def diff(label: str, expected: bytes, actual: bytes) -> str:
    exp = expected.decode("utf-8", "replace").splitlines(keepends=True)
    act = actual.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(exp, act, f"expected {label}", f"actual {label}"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--melodium", required=True)
    parser.add_argument("case")
    options = parser.parse_args()
    case = os.path.abspath(options.case)
    melodium = os.path.abspath(options.melodium)
    update = os.environ.get("MEL_UPDATE_GOLDEN") == "1"

    args = shlex.split(read(os.path.join(case, "args")).decode())
    expected_exit = int(read(os.path.join(case, "expected.exit"), b"0").strip() or b"0")
    timeout = float(read(os.path.join(case, "timeout"), b"120").strip())

    with tempfile.TemporaryDirectory(prefix="mel-case-") as tmp:
        work = os.path.join(tmp, "work")
        shutil.copytree(case, work, ignore=shutil.ignore_patterns("expected*", "args", "timeout", "stdin", "env"))
        env = dict(os.environ, NO_COLOR="1", TMPDIR=tmp, HOME=tmp)
        env.pop("CLICOLOR_FORCE", None)
        for line in read(os.path.join(case, "env")).decode().splitlines():
            if line.strip():
                name, _, value = line.partition("=")
                env[name.strip()] = value.replace("$WORK", work)
        try:
            proc = subprocess.run([melodium, *args], cwd=work, env=env, input=read(os.path.join(case, "stdin")),
                                  capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            print(f"FAIL {case}: no exit within {timeout} s", file=sys.stderr)
            sys.stderr.write(mask(e.stdout or b"", work).decode("utf-8", "replace"))
            sys.stderr.write(mask(e.stderr or b"", work).decode("utf-8", "replace"))
            return 1

        stdout, stderr = mask(proc.stdout, work), mask(proc.stderr, work)
        if update:
            for name, data in (("expected.stdout", stdout), ("expected.stderr", stderr)):
                path = os.path.join(case, name)
                if data:
                    with open(path, "wb") as f:
                        f.write(data)
                elif os.path.exists(path):
                    os.remove(path)
            with open(os.path.join(case, "expected.exit"), "w") as f:
                f.write(f"{proc.returncode}\n")
            print(f"updated {case}")
            return 0

        failures = []
        if proc.returncode != expected_exit:
            failures.append(f"exit code: expected {expected_exit}, got {proc.returncode}\n")
        for label, expected, actual in (("stdout", read(os.path.join(case, "expected.stdout")), stdout),
                                        ("stderr", read(os.path.join(case, "expected.stderr")), stderr)):
            if expected != actual:
                failures.append(diff(label, expected, actual))

        files_dir = os.path.join(case, "expected-files")
        for root, _, names in os.walk(files_dir):
            for name in sorted(names):
                expected_path = os.path.join(root, name)
                rel = os.path.relpath(expected_path, files_dir)
                if rel.endswith(".sha256"):
                    rel = rel[: -len(".sha256")]
                    actual_path = os.path.join(work, rel)
                    if not os.path.isfile(actual_path):
                        failures.append(f"file {rel}: not produced\n")
                        continue
                    want = read(expected_path).decode().split()[0]
                    with open(actual_path, "rb") as f:
                        got = hashlib.sha256(f.read()).hexdigest()
                    if want != got:
                        failures.append(f"file {rel}: sha256 {got}, expected {want}\n")
                    continue
                actual_path = os.path.join(work, rel)
                if not os.path.isfile(actual_path):
                    failures.append(f"file {rel}: not produced\n")
                elif read(actual_path) != read(expected_path):
                    failures.append(diff(f"file {rel}", read(expected_path), read(actual_path)) or
                                    f"file {rel}: contents differ (binary)\n")

        if failures:
            print(f"FAIL {case}", file=sys.stderr)
            print(f"command: melodium {shlex.join(args)}", file=sys.stderr)
            for failure in failures:
                sys.stderr.write(failure)
            return 1
        print(f"ok {case}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
