#!/usr/bin/env python3
"""`melodium repl` on a real terminal (a tmux pane): Tab completion of `std/flow::tri` and of a port
name after `instance.`, history recall with the Up arrow (also from the history file of an earlier
session), Ctrl-C discarding a line being typed, Ctrl-C during `:run` stopping the run and giving
the prompt back, and an unclosed `(` ended by a blank line or abandoned for `:quit`."""
import os
import shutil
import subprocess
import sys
import tempfile
import time


class Pane:
    """One tmux server of our own (its own socket), one pane running the REPL."""

    def __init__(self, melodium: str, home: str, socket: str):
        self.socket = socket
        env = f"env HOME={home} NO_COLOR=1 TERM=xterm"
        self.tmux("new-session", "-d", "-s", "repl", "-x", "160", "-y", "50", f"{env} {melodium} repl")

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], check=True,
                              capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "repl", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "repl", "-l", "--", text)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", "repl", "-p", "-J", "-S", "-500")

    def wait_for(self, predicate, what: str, timeout: float = 30) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = self.screen()
            if predicate(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{what}: not seen within {timeout} s; the screen was:\n{self.screen()}")

    def wait_text(self, text: str, count: int = 1, timeout: float = 30) -> str:
        return self.wait_for(lambda s: s.count(text) >= count, f"'{text}' x{count}", timeout)

    def wait_exit(self, timeout: float = 30) -> None:
        """Until the REPL has ended (its pane, and with it our tmux server, is gone)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            alive = subprocess.run(["tmux", "-L", self.socket, "has-session", "-t", "repl"], capture_output=True)
            if alive.returncode != 0:
                return
            time.sleep(0.1)
        raise AssertionError(f"the REPL did not end within {timeout} s")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def last_line(screen: str) -> str:
    lines = [l for l in screen.splitlines() if l.strip()]
    return lines[-1].rstrip() if lines else ""


FOREVER = ('treatment forever() { startup() logInfoMessage(label = "forever", message = "started") '
           'generateIndefinitely<u8>(data = 1) consume<u8>() startup.trigger -> logInfoMessage.trigger '
           'startup.trigger -> generateIndefinitely.trigger,stream -> consume.stream }')


def session_one(pane: Pane) -> None:
    pane.wait_text("mel> ")
    # Element names complete.
    pane.type("use std/flow::tri")
    pane.keys("Tab")
    pane.wait_for(lambda s: last_line(s).startswith("mel> use std/flow::trigger"), "completion of std/flow::tri")
    pane.keys("Enter")
    # Port names complete after `instance.`, in a treatment being typed over several lines.
    for line in ("treatment firstOf()", "  input values: Stream<u8>", "{", "  trigger<u8>()",
                 "  Self.values -> trigger.stream"):
        pane.type(line)
        pane.keys("Enter")
    pane.wait_text("...> ", 5)
    pane.type("  trigger.st")
    pane.keys("Tab")
    pane.wait_for(lambda s: last_line(s).startswith("...>   trigger.start"), "completion of trigger.st")
    pane.type("-> Self.first")  # libedit may add a space after the completed word: both parse
    pane.keys("Enter")
    pane.type("}")
    pane.keys("Enter")
    # The treatment has no output `first`: the checker says so, with a caret in what was typed.
    pane.wait_text("D0039")
    pane.wait_text("--> <input 2>:6:")
    # A later declaration of the same name replaces it.
    pane.type("treatment firstOf() input values: Stream<u8> output first: Block<u8> "
              "{ trigger<u8>() Self.values -> trigger.stream,first -> Self.first }")
    pane.keys("Enter")
    pane.type(":check")
    pane.keys("Enter")
    pane.wait_text("no problems found")

    # History: Up recalls the previous input.
    pane.type(":eval 40")
    pane.keys("Enter")
    pane.wait_text("40 : u64")
    pane.keys("Up")
    pane.wait_for(lambda s: last_line(s) == "mel> :eval 40", "history recall")
    pane.keys("Enter")
    pane.wait_text("40 : u64", 2)

    # Ctrl-C discards what is being typed.
    pane.type(":eval 999")
    pane.keys("C-c")
    pane.wait_for(lambda s: last_line(s) == "mel>", "a fresh prompt after Ctrl-C")
    pane.type(":eval 41")
    pane.keys("Enter")
    pane.wait_text("41 : u64")
    assert "999 : u64" not in pane.screen(), "the interrupted line ran"

    # Ctrl-C during :run stops the run; the session goes on.
    for line in ("use std/engine/util::startup", "use std/flow::generateIndefinitely", "use std/flow::consume",
                 "use std/engine/log::logInfoMessage", FOREVER, ":run forever"):
        pane.type(line)
        pane.keys("Enter")
    pane.wait_text("info: forever: started")
    pane.keys("C-c")
    pane.wait_text("the run was stopped", timeout=60)
    pane.wait_for(lambda s: last_line(s) == "mel>", "the prompt after the stopped run")
    pane.type(":eval 42")
    pane.keys("Enter")
    pane.wait_text("42 : u64")
    pane.keys("C-d")
    pane.wait_exit()


def session_two(pane: Pane) -> None:
    # The history of the first session was saved in ~/.melodium/repl_history.
    pane.wait_text("mel> ")
    pane.keys("Up")
    pane.wait_for(lambda s: last_line(s) == "mel> :eval 42", "history from the previous session")
    pane.keys("C-u")
    # An unclosed `(` does not swallow what follows: a blank line ends the input (the checker says
    # what is missing) ...
    pane.type("treatment broken(")
    pane.keys("Enter")
    pane.wait_for(lambda s: last_line(s) == "...>", "a continuation prompt")
    pane.keys("Enter")
    pane.wait_text("S0020")
    pane.wait_for(lambda s: last_line(s) == "mel>", "the prompt after the blank line")
    # ... and a :command is a command: the unfinished input is abandoned, :quit quits.
    pane.type("treatment again(")
    pane.keys("Enter")
    pane.wait_for(lambda s: last_line(s) == "...>", "a continuation prompt")
    pane.type(":quit")
    pane.keys("Enter")
    pane.wait_exit()


def main() -> int:
    melodium = os.path.abspath(sys.argv[1])
    if shutil.which("tmux") is None:
        print("FAIL: tmux is not installed (scripts/setup installs it)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as home:
        for number, session in enumerate((session_one, session_two), 1):
            pane = Pane(melodium, home, f"melodium-repl-test-{os.getpid()}-{number}")
            try:
                session(pane)
            except AssertionError as e:
                print(f"FAIL: {e}", file=sys.stderr)
                return 1
            finally:
                pane.close()
        if not os.path.isfile(os.path.join(home, ".melodium", "repl_history")):
            print("FAIL: no history file", file=sys.stderr)
            return 1
    print("2 sessions passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
