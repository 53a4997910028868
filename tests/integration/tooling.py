#!/usr/bin/env python3
"""Project tooling end to end (issue 9): `melodium new`, `jeu build`/`jeu extract`, programs run from a
.jeu, executables started through their `#!/usr/bin/env melodium` line, and packages found with --path.

Usage: tooling.py MELODIUM. Everything happens in a temporary directory; the directory of MELODIUM comes
first in PATH so that the shebang line finds it.
"""
import bz2
import io
import os
import stat
import subprocess
import sys
import tarfile
import tempfile

PROJECT = {
    "Compo.toml": """name = "app"
version = "1.2.0"

[dependencies]
std = "^0.10.2"

[entrypoints]
main = "app::main"
other = "app/tools::other"
""",
    "lib-root.mel": """use std/engine/util::startup
use root/tools::greet

/// Greets `name`.
treatment main(const name: string = "main")
{
    startup()
    greet(who = name)
    startup.trigger -> greet.trigger
}
""",
    "tools.mel": """use std/engine/util::startup
use local/helpers::say

/// Says `who` under the label `app` when triggered.
treatment greet(const who: string)
  input trigger: Block<void>
{
    say(text = who, label = "app")
    Self.trigger -> say.trigger
}

/// The second entrypoint: says `param` under the label `other`.
treatment other(const param: string = "other")
{
    startup()
    say(text = param, label = "other")
    startup.trigger -> say.trigger
}
""",
    "tools/helpers.mel": """use std/engine/log::logInfoMessage

/// Logs `text` when triggered.
treatment say(const text: string, const label: string)
  input trigger: Block<void>
{
    logInfoMessage(label = label, message = text)
    Self.trigger -> logInfoMessage.trigger
}
""",
}

LIBRARY = {
    "Compo.toml": """name = "greeter"
version = "0.3.1"

[dependencies]
std = "^0.10.2"
""",
    "lib-root.mel": """use std/engine/log::logInfoMessage

/// Logs `who` under the label `greeter` when triggered.
treatment hello(const who: string)
  input trigger: Block<void>
{
    logInfoMessage(label = "greeter", message = who)
    Self.trigger -> logInfoMessage.trigger
}
""",
}

USER = {
    "Compo.toml": """name = "user"
version = "0.1.0"

[dependencies]
std = "^0.10.2"
greeter = "0.3"

[entrypoints]
main = "user::main"
""",
    "lib-root.mel": """use std/engine/util::startup
use greeter::hello

/// Greets through the `greeter` package.
treatment main(const who: string = "user")
{
    startup()
    hello(who = who)
    startup.trigger -> hello.trigger
}
""",
}


class Session:
    def __init__(self, melodium: str, work: str):
        self.melodium = melodium
        self.work = work
        self.env = dict(os.environ, NO_COLOR="1", HOME=work, TMPDIR=work)
        self.env.pop("CLICOLOR_FORCE", None)
        self.env["PATH"] = os.path.dirname(melodium) + os.pathsep + self.env.get("PATH", "")
        self.failures = []
        self.checks = 0

    def run(self, *argv, melodium=True):
        command = [self.melodium, *argv] if melodium else list(argv)
        return subprocess.run(command, cwd=self.work, env=self.env, capture_output=True, text=True, timeout=120)

    def expect(self, what: str, condition: bool, proc=None):
        self.checks += 1
        if not condition:
            detail = ""
            if proc is not None:
                detail = f"\n  exit {proc.returncode}\n  stdout: {proc.stdout!r}\n  stderr: {proc.stderr!r}"
            self.failures.append(f"{what}{detail}")

    def expect_run(self, what: str, argv, exit_code=0, stdout_has=None, melodium=True):
        proc = self.run(*argv, melodium=melodium)
        ok = proc.returncode == exit_code and (stdout_has is None or stdout_has in proc.stdout)
        self.expect(what, ok, proc)
        return proc

    def path(self, *parts) -> str:
        return os.path.join(self.work, *parts)

    def write_tree(self, root: str, files: dict):
        for relative, text in files.items():
            target = self.path(root, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w") as f:
                f.write(text)


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def is_executable(path: str) -> bool:
    return bool(os.stat(path).st_mode & stat.S_IXUSR)


def jeu_entries(path: str):
    """Names of the tar entries of a .jeu, in archive order (after its two header lines)."""
    data = read(path)
    payload = data.split(b"\n", 2)[2]
    with tarfile.open(fileobj=io.BytesIO(bz2.decompress(payload))) as archive:
        return [member.name for member in archive.getmembers()]


def new_project(s: Session):
    s.expect_run("new demo", ["new", "demo"], stdout_has="success: program 'demo' created in 'demo'")
    s.expect_run("check of the new project", ["check", "demo/Compo.toml"])
    s.expect_run("run of the new project", ["run", "demo/Compo.toml", "--who", "Ada"],
                 stdout_has="info: demo: Hello, Ada!")
    before = read(s.path("demo", "Compo.toml"))
    s.expect_run("new demo again is refused", ["new", "demo"], exit_code=1)
    s.expect("new demo again leaves Compo.toml alone", read(s.path("demo", "Compo.toml")) == before)

    os.makedirs(s.path("half"))
    with open(s.path("half", "lib-root.mel"), "w") as f:
        f.write("// mine\n")
    s.expect_run("new over an existing lib-root.mel is refused", ["new", "-p", "half", "half"], exit_code=1)
    s.expect("nothing written next to an existing lib-root.mel", not os.path.exists(s.path("half", "Compo.toml")))
    s.expect("the existing lib-root.mel is unchanged", read(s.path("half", "lib-root.mel")) == b"// mine\n")


def cicd_template(s: Session):
    s.expect_run("new -t cicd", ["new", "-t", "cicd", "pipeline"],
                 stdout_has="success: program 'pipeline' created in 'pipeline'")
    s.expect_run("check of the cicd project", ["check", "pipeline/Compo.toml"])
    proc = s.run("run", "pipeline/Compo.toml")
    s.expect("the cicd template's pipeline runs its two stages and passes",
             proc.returncode == 0 and "info: check: checking the sources" in proc.stdout
             and "info: test: running the tests" in proc.stdout and "info: pipeline: pipeline passed" in proc.stdout,
             proc)
    # A failing stage: the pipeline fails and the run exits 1, for the CI system around it to see.
    area = s.path("pipeline", "lib-root.mel")
    with open(area) as f:
        text = f.read()
    with open(area, "w") as f:
        f.write(text.replace("sh -c 'test -d .'", "sh -c 'exit 4'"))
    proc = s.run("run", "pipeline/Compo.toml")
    s.expect("a failing stage of the cicd template's pipeline exits 1",
             proc.returncode == 1 and "error: pipeline: pipeline failed" in proc.stdout
             and "running the tests" not in proc.stdout, proc)
    s.expect_run("new -t cicd standalone", ["new", "-t", "cicd", "-p", "pipeline.mel", "pipeline"])
    s.expect_run("the cicd standalone pipeline runs", ["run", "pipeline.mel"],
                 stdout_has="info: pipeline: pipeline passed")


def standalone_script(s: Session):
    s.expect_run("new standalone", ["new", "-p", "hello.mel", "hello"],
                 stdout_has="success: program 'hello' created in standalone file 'hello.mel'")
    script = s.path("hello.mel")
    s.expect("the standalone file starts with the shebang", read(script).startswith(b"#!/usr/bin/env melodium\n"))
    s.expect("the standalone file is executable", is_executable(script))
    s.expect_run("check of the standalone file", ["check", "hello.mel"])
    s.expect_run("standalone file run through its shebang", ["./hello.mel", "--who", "Shebang"],
                 stdout_has="info: hello: Hello, Shebang!", melodium=False)
    s.expect_run("standalone file run through its shebang, bad argument", ["./hello.mel", "--nobody", "x"],
                 exit_code=2, melodium=False)


def jeu_round_trip(s: Session):
    s.write_tree("app", PROJECT)
    s.expect_run("check of the three-area project", ["check", "--all", "app/Compo.toml"])
    os.makedirs(s.path("dist"))
    # The output's extension is replaced by .jeu, as the reference does.
    s.expect_run("jeu build", ["jeu", "build", "app", "dist/app.pkg"])
    jeu = s.path("dist", "app.jeu")
    s.expect("jeu build wrote dist/app.jeu", os.path.isfile(jeu))
    if not os.path.isfile(jeu):
        return
    s.expect("the .jeu starts with its two header lines", read(jeu).startswith(b"#!/usr/bin/env melodium\n#! version 0\n"))
    s.expect("the .jeu is executable", is_executable(jeu))
    names = jeu_entries(jeu)
    s.expect(f"Compo.toml comes first in the archive, then every area: {names}",
             names == ["Compo.toml", "lib-root.mel", "tools.mel", "tools/helpers.mel"])

    s.expect_run("jeu extract", ["jeu", "extract", "dist/app.jeu", "unpacked"])
    for relative in PROJECT:
        extracted = s.path("unpacked", "app", relative)
        same = os.path.isfile(extracted) and read(extracted) == read(s.path("app", relative))
        s.expect(f"{relative} is byte-identical after build and extract", same)

    s.expect_run("run the .jeu, main", ["run", "dist/app.jeu", "--name", "Jeu"], stdout_has="info: app: Jeu")
    s.expect_run("run the .jeu, other", ["run", "dist/app.jeu", "other", "--param", "Other"],
                 stdout_has="info: other: Other")
    s.expect_run("bare form on the .jeu", ["dist/app.jeu", "other"], stdout_has="info: other: other")
    s.expect_run("check the .jeu", ["check", "dist/app.jeu"])
    s.expect_run("check the .jeu, other", ["check", "dist/app.jeu", "other"])
    s.expect_run("check --all the .jeu", ["check", "--all", "dist/app.jeu"])
    info = s.expect_run("info on the .jeu", ["info", "dist/app.jeu"])
    s.expect("info lists both entrypoints", "app::main" in info.stdout and "app/tools::other" in info.stdout, info)
    s.expect_run(".jeu run through its shebang, main", ["./dist/app.jeu", "--name", "Direct"],
                 stdout_has="info: app: Direct", melodium=False)
    s.expect_run(".jeu run through its shebang, other", ["./dist/app.jeu", "other", "--param", "x"],
                 stdout_has="info: other: x", melodium=False)
    s.expect_run("the extracted project runs too", ["run", "unpacked/app/Compo.toml", "other"],
                 stdout_has="info: other: other")


def jeu_build_refuses_unparsable(s: Session):
    broken = dict(PROJECT)
    broken["unused.mel"] = "treatment broken(\n{\n}\n"
    s.write_tree("broken", broken)
    s.expect_run("jeu build of a package with an area that does not parse fails",
                 ["jeu", "build", "broken", "broken.jeu"], exit_code=1)
    s.expect("nothing is written when an area does not parse", not os.path.exists(s.path("broken.jeu")))


def path_locations(s: Session):
    s.write_tree("greeter", LIBRARY)
    s.write_tree("user", USER)
    os.makedirs(s.path("jeus"))
    s.expect_run("jeu build of the library", ["jeu", "build", "greeter", "jeus/greeter.jeu"])
    s.expect_run("without --path the dependency is missing", ["check", "user/Compo.toml"], exit_code=1)
    s.expect_run("--path to a .jeu file", ["run", "--path", "jeus/greeter.jeu", "user/Compo.toml", "--who", "jeu"],
                 stdout_has="info: greeter: jeu")
    s.expect_run("--path to a directory holding a .jeu", ["run", "--path", "jeus", "user/Compo.toml", "--who", "dir"],
                 stdout_has="info: greeter: dir")
    s.expect_run("--path to a package directory", ["run", "--path", "greeter", "user/Compo.toml", "--who", "pkg"],
                 stdout_has="info: greeter: pkg")
    # A program given as a .jeu finds its own dependency through --path too.
    s.expect_run("jeu build of the user", ["jeu", "build", "user", "jeus/user.jeu"])
    s.expect_run(".jeu program with a .jeu dependency", ["run", "--path", "jeus", "jeus/user.jeu", "--who", "both"],
                 stdout_has="info: greeter: both")
    s.expect_run(".jeu program without its dependency", ["check", "jeus/user.jeu"], exit_code=1)


def doc_reruns(s: Session):
    """A second `doc` in the same folder leaves no page of the first behind, and keeps what it did not write."""
    s.expect_run("doc of net", ["doc", "-p", "net", "book"])
    s.expect("net's pages are written", os.path.isfile(s.path("book", "src", "net", "index.md")))
    s.write_tree("book", {"src/notes.md": "mine", "book/index.html": "made by mdbook build"})
    s.expect_run("doc of fs in the same folder", ["doc", "-p", "fs", "book"])
    s.expect("fs's pages are written", os.path.isfile(s.path("book", "src", "fs", "index.md")))
    s.expect("net's pages are gone", not os.path.exists(s.path("book", "src", "net")))
    s.expect("a page added by hand stays", os.path.isfile(s.path("book", "src", "notes.md")))
    s.expect("mdbook's output stays", os.path.isfile(s.path("book", "book", "index.html")))
    s.write_tree("mine", {"notes.txt": "mine"})
    proc = s.expect_run("doc into a folder it did not write is refused", ["doc", "-p", "net", "mine"], exit_code=1)
    s.expect("the refusal says why", "was not written by `melodium doc`" in proc.stderr, proc)
    s.expect("the folder is untouched", os.listdir(s.path("mine")) == ["notes.txt"])


def main() -> int:
    melodium = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory(prefix="mel-tooling-") as work:
        s = Session(melodium, work)
        for step in (new_project, cicd_template, standalone_script, jeu_round_trip, jeu_build_refuses_unparsable, path_locations,
                     doc_reruns):
            step(s)
        for failure in s.failures:
            print(f"FAIL: {failure}", file=sys.stderr)
        print(f"{s.checks - len(s.failures)} passed, {len(s.failures)} failed")
        return 1 if s.failures else 0


if __name__ == "__main__":
    sys.exit(main())
