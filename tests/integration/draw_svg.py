#!/usr/bin/env python3
"""`melodium draw FILE --format svg` gives an SVG that any XML reader opens (no Graphviz needed to
read it), with one node per instance of the drawn treatment (plus the Self nodes of its ports).

Draws samples/16_ci_pipeline/Compo.toml and samples/01_hello/main.mel.
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "samples")
SVG = "{http://www.w3.org/2000/svg}"

# The instances of samples/01_hello's main, as its source declares them.
HELLO_INSTANCES = {"startup", "logInfoMessage", "greeting", "stream", "toUtf8", "writeLocal"}
# The instances of samples/16_ci_pipeline's main.
CI_INSTANCES = {"startup", "started", "build", "test", "buildOk", "buildFailed", "buildError", "testOk",
                "testFailed", "testError", "failures", "errors", "aborted", "abort", "bothFinished", "notAborted",
                "goPackage", "package", "packageFailed", "packageError", "write", "done", "writeFailed",
                "buildOrTestFailed", "packageProblems", "packageNotOk", "notWritten"}


def run(melodium: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([melodium, "draw", *args], capture_output=True, timeout=120)


def main() -> int:
    melodium = os.path.abspath(sys.argv[1])
    status = 0
    for program, expected in ((os.path.join(SAMPLES, "16_ci_pipeline", "Compo.toml"), CI_INSTANCES),
                              (os.path.join(SAMPLES, "01_hello", "main.mel"), HELLO_INSTANCES)):
        status |= check(melodium, program, expected)
    return status


def check(melodium: str, program: str, expected: set) -> int:

    # The instances of main, from the DOT we give Graphviz (node statements that are not Self nodes).
    dot = run(melodium, program)
    if dot.returncode != 0:
        print(f"FAIL: draw {program} exited {dot.returncode}\n{dot.stderr.decode()}", file=sys.stderr)
        return 1
    instances = set(re.findall(r'^    "([^"@/]+)" \[label=<', dot.stdout.decode(), re.M))
    if instances != expected:
        print(f"FAIL: the DOT names {sorted(instances)}, not the instances of main", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "main.svg")
        svg = run(melodium, program, "--format", "svg", "--output", out)
        if svg.returncode != 0 or svg.stdout:
            print(f"FAIL: draw --format svg exited {svg.returncode}\n{svg.stderr.decode()}", file=sys.stderr)
            return 1
        try:
            root = ET.parse(out).getroot()
        except ET.ParseError as e:
            print(f"FAIL: the SVG is not well-formed XML: {e}", file=sys.stderr)
            return 1
        if root.tag != SVG + "svg":
            print(f"FAIL: the root element is {root.tag}", file=sys.stderr)
            return 1
        titles = [g.findtext(SVG + "title") for g in root.iter(SVG + "g") if g.get("class") == "node"]
        drawn = [t for t in titles if "@" not in t and not t.startswith("model:")]  # Self nodes, header models
        if sorted(drawn) != sorted(instances):
            print(f"FAIL: SVG nodes {sorted(drawn)}, instances {sorted(instances)}", file=sys.stderr)
            return 1
        edges = [g for g in root.iter(SVG + "g") if g.get("class") == "edge"]
        if not edges:
            print("FAIL: the SVG has no edge", file=sys.stderr)
            return 1
    print(f"ok: {os.path.relpath(program, SAMPLES)}: {len(drawn)} instance nodes, {len(edges)} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
