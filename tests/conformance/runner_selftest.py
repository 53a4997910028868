#!/usr/bin/env python3
"""The conformance runner must pass a correct case and fail, with a diff, a case whose expected
stdout, stderr, exit code or produced file is wrong."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(melodium: str, case: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, os.path.join(HERE, "run_case.py"), "--melodium", melodium, case],
                          capture_output=True, text=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--melodium", required=True)
    melodium = parser.parse_args().melodium
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        case = os.path.join(tmp, "case")
        os.makedirs(case)
        with open(os.path.join(case, "args"), "w") as f:
            f.write("--version\n")
        version = subprocess.run([melodium, "--version"], capture_output=True).stdout
        with open(os.path.join(case, "expected.stdout"), "wb") as f:
            f.write(version)
        if run(melodium, case).returncode != 0:
            errors.append("a correct case failed")

        broken = os.path.join(tmp, "broken_stdout")
        shutil.copytree(case, broken)
        with open(os.path.join(broken, "expected.stdout"), "wb") as f:
            f.write(b"melodium 9.9.9\n")
        result = run(melodium, broken)
        if result.returncode == 0 or "+++ actual stdout" not in result.stderr or "-melodium 9.9.9" not in result.stderr:
            errors.append(f"a wrong stdout was not reported with a diff:\n{result.stderr}")

        broken = os.path.join(tmp, "broken_exit")
        shutil.copytree(case, broken)
        with open(os.path.join(broken, "expected.exit"), "w") as f:
            f.write("1\n")
        result = run(melodium, broken)
        if result.returncode == 0 or "exit code: expected 1, got 0" not in result.stderr:
            errors.append(f"a wrong exit code was not reported:\n{result.stderr}")

        broken = os.path.join(tmp, "missing_file")
        shutil.copytree(case, broken)
        os.makedirs(os.path.join(broken, "expected-files"))
        with open(os.path.join(broken, "expected-files", "out.txt"), "w") as f:
            f.write("x")
        result = run(melodium, broken)
        if result.returncode == 0 or "file out.txt: not produced" not in result.stderr:
            errors.append(f"a missing produced file was not reported:\n{result.stderr}")

    for e in errors:
        print(f"FAIL: {e}", file=sys.stderr)
    print(f"{4 - len(errors)} passed, {len(errors)} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
