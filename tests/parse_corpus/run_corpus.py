#!/usr/bin/env python3
"""Runs `melodium check --syntax` over the parse corpus (CTest: syntax/parse_corpus).

Every valid/*.mel must parse (exit 0, nothing on stderr). Every invalid/*.mel must fail (exit 1) and,
when its first line is `// expect: lexical|syntax 'TEXT' [at LINE:COL] [— why]` (the format of
grammar/tools/ParseCheck.java; COL counts code points from 0), its first diagnostic must match:
  lexical  S0019 `found 'TEXT…` (the token starts with TEXT) `' at line LINE position P, expecting `
  syntax   another code: `found 'TEXT' at line LINE position P`, or S0047 `for '…' at line LINE
           position P, 'TEXT' is not an expected element`; '<EOF>' means S0020 `reached unexpected end
           of script`, its position checked on the excerpt line ` --> FILE:LINE:COL+1`
where P is the byte offset of code point COL in line LINE (the reference prints bytes).
"""
import argparse
import os
import re
import subprocess
import sys

EXPECT = re.compile(r"^//\s*expect:\s*(lexical|syntax)\s+'(.*?)'(?:\s+at\s+(\d+):(\d+))?(?:\s+[-—–].*)?\s*$")
FAILURE = re.compile(r"failure: L\d{4}: Script error on .*?: (S\d{4}): ")


def byte_position(text: str, line: int, column: int) -> int:
    return len(text.split("\n")[line - 1][:column].encode("utf-8"))


def check_invalid(path: str, text: str, stderr: str) -> str:
    """Returns a problem description, or '' when the first error is the expected one."""
    first_line = text.split("\n", 1)[0].strip()
    if not first_line.startswith("// expect:"):
        return ""
    m = EXPECT.match(first_line)
    if not m:
        return f"unreadable expect line: {first_line}"
    kind, token, line, column = m.group(1), m.group(2), m.group(3), m.group(4)
    failure = FAILURE.search(stderr)
    if not failure:
        return "no `failure:` line on stderr"
    code, rest = failure.group(1), stderr[failure.end():]
    where = ""
    if line is not None:
        line, column = int(line), int(column)
        where = f" at line {line} position {byte_position(text, line, column)}"
    if kind == "lexical":
        if code != "S0019" or not rest.startswith(f"found '{token}"):
            return f"expected lexical S0019 on '{token}', got {code}: {rest.splitlines()[0]}"
        if where and f"'{where}, expecting " not in rest:
            return f"expected the lexical error{where}, got {code}: {rest.splitlines()[0]}"
        return ""
    if code == "S0019":
        return f"expected a syntax error on '{token}', got a lexical error: {rest.splitlines()[0]}"
    if token == "<EOF>":
        if code != "S0020" or not rest.startswith("reached unexpected end of script"):
            return f"expected S0020 at the end of input, got {code}: {rest.splitlines()[0]}"
        if line is not None and not re.search(rf" --> .*:{line}:{column + 1}\n", stderr):
            return f"expected the end of input at {line}:{column}"
        return ""
    found = f"found '{token}'{where}"
    header = re.match(rf"for '.*?'{re.escape(where)}, '{re.escape(token)}' is not an expected element", rest)
    if not rest.startswith(found) and not header:
        return f"expected `{found}`, got {code}: {rest.splitlines()[0]}"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--melodium", required=True)
    parser.add_argument("--corpus", default=os.path.dirname(os.path.abspath(__file__)))
    options = parser.parse_args()
    melodium = os.path.abspath(options.melodium)
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CLICOLOR_FORCE", None)

    problems = []
    counts = {"valid": 0, "invalid": 0}
    for group in ("valid", "invalid"):
        folder = os.path.join(options.corpus, group)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".mel"):
                continue
            path = os.path.join(folder, name)
            counts[group] += 1
            with open(path, encoding="utf-8") as f:
                text = f.read()
            proc = subprocess.run([melodium, "check", "--syntax", name], cwd=folder, env=env,
                                  capture_output=True, timeout=60)
            stderr = proc.stderr.decode("utf-8", "replace")
            if group == "valid":
                if proc.returncode != 0 or stderr:
                    problems.append(f"{group}/{name}: expected to parse (exit {proc.returncode}):\n{stderr}")
            elif proc.returncode != 1:
                problems.append(f"{group}/{name}: expected exit 1, got {proc.returncode}:\n{stderr}")
            else:
                problem = check_invalid(path, text, stderr)
                if problem:
                    problems.append(f"{group}/{name}: {problem}")

    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    print(f"parse corpus: {counts['valid']} valid, {counts['invalid']} invalid, {len(problems)} failing")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
