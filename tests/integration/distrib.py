#!/usr/bin/env python3
"""distrib and `melodium dist` with two real processes on loopback (issue 6).

Usage: distrib.py MELODIUM [plain|tls|acceptance|shipped|all]

plain: the worker runs `--localhost --disable-tls`; tls: the worker has a certificate and key made here with
the openssl CLI, and the dispatcher verifies it (MELODIUM_DIST_CA_FILE). In both: an echo over
sendBlock/recvBlock, a 100 MB byte stream there and back byte-exact, three concurrent tracks on one connection
(with the worker's logs in the dispatcher's output), a worker that is never there, a stop without start, wrong
keys, a worker killed mid-stream, hostile bytes on the worker's port.
acceptance: the issue's scenario as is: `melodium dist --localhost --port P --recv-key K1 --send-key K2` (TLS
with a certificate generated at start) and the standalone echo program, both ending by themselves.
shipped: the program a distribution ships comes from the run (issue 17): the echo program run from the REPL's
`:run` behaves as `melodium run`, and a worker whose treatment distributes in turn ships its own program.
"""
import hashlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "distrib")
GROUP = str(uuid.uuid4())
K1 = str(uuid.uuid4())
K2 = str(uuid.uuid4())

# Short timeouts so that failures show quickly (the defaults are the reference's: 60 s, probes every 10 s).
ENV = dict(os.environ, NO_COLOR="1", MELODIUM_GROUP_ID=GROUP, MELODIUM_DIST_PROTOCOL_TIMEOUT_SECS="4",
           MELODIUM_DIST_PROBE_INTERVAL_SECS="0.5", MELODIUM_DIST_PROBE_RETRY_SECS="0.2",
           MELODIUM_DIST_TEARDOWN_TIMEOUT_SECS="5")

failures = []


def check(condition, what, detail=""):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}\n{detail}", file=sys.stderr)
    return condition


class Worker:
    """A `melodium dist` process; its output is collected while it runs."""

    def __init__(self, melodium, args, env=ENV):
        self.proc = subprocess.Popen([melodium, "dist", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env, text=True)
        self.lines = []
        self.port = None
        self.listening = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not self.listening.wait(20):
            raise RuntimeError("the worker did not listen:\n" + self.output())

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            m = re.search(r"listening on [0-9.]+:(\d+)", line)
            if m:
                self.port = int(m.group(1))
                self.listening.set()
        self.listening.set()

    def wait(self, timeout):
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = None
        self.reader.join(5)
        return code

    def output(self):
        return "".join(self.lines)


def run(melodium, program, args, timeout=120, env=ENV, entry=None, options=()):
    command = [melodium, "run", *options]
    if entry:
        command += ["--force-entry", entry]
    command += [program, *args]
    start = time.time()
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
        return proc.returncode, proc.stdout + proc.stderr, time.time() - start
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode() + (e.stderr or b"").decode(), time.time() - start


def program(tmp, name, tls, distribute_after="start.ready"):
    """The template with its access (TLS or not) and what triggers its distribution (relay)."""
    with open(os.path.join(PROGRAMS, name + ".mel.in")) as f:
        text = f.read()
    access = "|new_access([|from_ipv4(|localhost_ipv4())], port, recv_key, send_key)"
    if not tls:
        access = f"|without_tls({access})"
    path = os.path.join(tmp, f"{name}-{distribute_after.replace('.', '_')}.mel")
    with open(path, "w") as f:
        f.write(text.replace("@ACCESS@", access).replace("@DISTRIBUTE_AFTER@", distribute_after))
    return path


def read(path):
    with open(path) as f:
        return f.read()


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def echo_program(tmp, tls):
    """The acceptance program, written in `tmp` with TLS or without."""
    echo = os.path.join(tmp, "echo.mel")
    with open(os.path.join(PROGRAMS, "echo.mel")) as f:
        text = f.read()
    if not tls:
        text = text.replace("value = |new_access(", "value = |without_tls(|new_access(").replace(
            "port, recv_key, send_key))", "port, recv_key, send_key)))").replace(
            "use distrib::DistributionEngine", "use distrib::|without_tls\nuse distrib::DistributionEngine")
    with open(echo, "w") as f:
        f.write(text)
    return echo


def make_certificate(tmp):
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    return cert, key


def scenarios(melodium, tmp, tls):
    mode = "tls" if tls else "plain"
    tmp = os.path.join(tmp, mode)  # the files of one mode never meet the other's
    os.makedirs(tmp)
    env = dict(ENV)
    worker_args = ["--localhost", "--disable-tls"]
    if tls:
        cert, key = make_certificate(tmp)
        env["MELODIUM_DIST_CA_FILE"] = cert
        worker_args = ["--ip", "127.0.0.1", "--certificate", cert, "--key", key]

    def worker(recv=K1, send=K2):
        return Worker(melodium, [*worker_args, "--port", "0", "--recv-key", recv, "--send-key", send,
                                 "--wait", "30"], env)

    # Echo over sendBlock/recvBlock (the acceptance program with this mode's access).
    echo = echo_program(tmp, tls)
    w = worker()
    out = os.path.join(tmp, "echo.txt")
    debug = os.path.join(tmp, "echo-debug.json")
    code, log, took = run(melodium, echo, ["--port", str(w.port), "--recv_key", K1, "--send_key", K2,
                                           "--output", out], env=env, options=["--debug", debug])
    wcode = w.wait(20)
    if check(code == 0 and wcode == 0, f"{mode}: echo: both end with 0", f"{code} {wcode}\n{log}\n{w.output()}"):
        check(read(out) == "hello from the dispatcher", f"{mode}: echo: the text came back", read(out))
        # The worker's debug events reach the dispatcher's --debug file, tagged with the worker's run id.
        with open(debug) as f:
            events = json.load(f)
        remote = [e for e in events if e.get("worker_run") and e.get("event") == "TreatmentStarted"
                  and e.get("treatment") == "distrib/worker::feedBlock"]
        local = [e for e in events if "worker_run" not in e and e.get("event") == "WorldStarted"]
        check(remote and local and len({e["worker_run"] for e in events if "worker_run" in e}) == 1,
              f"{mode}: echo: the worker's debug events are in the dispatcher's debug file, tagged",
              json.dumps(events)[:3000])

    # 100 MB there and back, byte-exact.
    data = os.path.join(tmp, "in.bin")
    with open(data, "wb") as f:
        for _ in range(100):
            f.write(os.urandom(1 << 20))
    w = worker()
    out = os.path.join(tmp, "out.bin")
    code, log, took = run(melodium, program(tmp, "relay", tls),
                          ["--port", str(w.port), "--recv_key", K1, "--send_key", K2, "--input", data,
                           "--output", out, "--errors", os.path.join(tmp, "relay.err")], env=env)
    wcode = w.wait(20)
    if check(code == 0 and wcode == 0, f"{mode}: stream: both end with 0", f"{code} {wcode}\n{log}\n{w.output()}"):
        check(os.path.getsize(out) == 100 << 20 and sha(out) == sha(data), f"{mode}: stream: 100 MB byte-exact")
        print(f"{mode}: 100 MB there and back in {took:.2f} s (whole program)")
    os.remove(out)

    # The same, distributed only once the whole input has been read: sendStream holds the 100 MB meanwhile
    # (the shape of samples/16_ci_pipeline, where `package` starts after `build` has drained its data).
    w = worker()
    code, log, took = run(melodium, program(tmp, "relay", tls, distribute_after="read.completed"),
                          ["--port", str(w.port), "--recv_key", K1, "--send_key", K2, "--input", data,
                           "--output", out, "--errors", os.path.join(tmp, "relay.err")], env=env, timeout=60)
    wcode = w.wait(20)
    if check(code == 0 and wcode == 0, f"{mode}: held stream: both end with 0", f"{code} {wcode}\n{log[-3000:]}"):
        check(os.path.getsize(out) == 100 << 20 and sha(out) == sha(data), f"{mode}: held stream: 100 MB byte-exact")
    os.remove(out)

    # Three concurrent tracks on one connection; the worker's logs show in the dispatcher's output.
    w = worker()
    outs = [os.path.join(tmp, f"track{i}.txt") for i in (1, 2, 3)]
    dones = [os.path.join(tmp, f"track{i}.done") for i in (1, 2, 3)]
    code, log, took = run(melodium, program(tmp, "tracks", tls),
                          ["--port", str(w.port), "--recv_key", K1, "--send_key", K2,
                           "--out1", outs[0], "--out2", outs[1], "--out3", outs[2],
                           "--done1", dones[0], "--done2", dones[1], "--done3", dones[2]], env=env)
    wcode = w.wait(20)
    if check(code == 0 and wcode == 0, f"{mode}: tracks: both end with 0", f"{code} {wcode}\n{log}\n{w.output()}"):
        for path, done, word in zip(outs, dones, ("one;", "two;", "three;")):
            check(read(path) == word and read(done) == word, f"{mode}: tracks: {word} in its own track",
                  read(path) + " / " + read(done))
            check(re.search(rf"info: remote-work: {word}", log) is not None,
                  f"{mode}: tracks: the worker's log line '{word}' is in the dispatcher's output", log)

    # A track that does not connect every port of the remote treatment: refused with the reason, no hang.
    w = worker()
    errors = os.path.join(tmp, "unconnected.err")
    code, log, took = run(melodium, program(tmp, "unconnected", tls),
                          ["--port", str(w.port), "--recv_key", K1, "--send_key", K2, "--errors", errors],
                          timeout=60, env=env)
    wcode = w.wait(20)
    check(code == 0 and wcode == 0 and took < 10, f"{mode}: unconnected port: both end", f"{code} {wcode}\n{log}")
    check(os.path.exists(errors) and read(errors) == "Instanciation failed",
          f"{mode}: unconnected port: distribute fails", log)
    check("output `text` of `distunconnected::echo` is connected 0 times" in log,
          f"{mode}: unconnected port: the reason is logged", log)

    # A worker that is never there: start fails with a reason, quickly.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    errors = os.path.join(tmp, "absent.err")
    code, log, took = run(melodium, program(tmp, "failures", tls),
                          ["--port", str(free), "--recv_key", K1, "--send_key", K2, "--input", "/dev/null",
                           "--output", "/dev/null", "--errors", errors], timeout=30, env=env)
    check(code == 0 and took < 5, f"{mode}: absent worker: the program ends within 5 s", f"{code} {took}\n{log}")
    check(os.path.exists(errors) and "cannot reach the worker" in read(errors),
          f"{mode}: absent worker: start's error says so", read(errors) if os.path.exists(errors) else log)

    if tls:
        # A worker whose certificate the dispatcher's CA did not sign is refused.
        other_dir = os.path.join(tmp, "other")
        os.makedirs(other_dir)
        other_cert, _ = make_certificate(other_dir)
        w = worker()
        errors = os.path.join(tmp, "untrusted.err")
        code, log, took = run(melodium, program(tmp, "failures", tls),
                              ["--port", str(w.port), "--recv_key", K1, "--send_key", K2, "--input", "/dev/null",
                               "--output", "/dev/null", "--errors", errors], timeout=30,
                              env=dict(env, MELODIUM_DIST_CA_FILE=other_cert))
        w.proc.kill()
        w.wait(5)
        check(code == 0 and os.path.exists(errors) and "certificate verify failed" in read(errors),
              f"{mode}: an untrusted worker certificate is refused",
              (read(errors) if os.path.exists(errors) else "") + log)

    # A stop without start.
    code, log, took = run(melodium, program(tmp, "failures", tls), [], timeout=30, env=env,
                          entry="distfail::stop_first")
    check(code == 0 and took < 5, f"{mode}: stop without start ends within 5 s", f"{code} {took}\n{log}")

    # Wrong keys are refused, by the worker and by the dispatcher.
    for recv, send, why in ((K2, K2, "wrong key"), (K1, K1, "expected key")):
        w = worker(recv=recv, send=send)
        errors = os.path.join(tmp, "keys.err")
        if os.path.exists(errors):
            os.remove(errors)
        code, log, took = run(melodium, program(tmp, "failures", tls),
                              ["--port", str(w.port), "--recv_key", K1, "--send_key", K2, "--input", "/dev/null",
                               "--output", "/dev/null", "--errors", errors], timeout=30, env=env)
        wcode = w.wait(10)
        check(code == 0 and took < 5 and wcode is not None, f"{mode}: keys ({why}): both end",
              f"{code} {wcode} {took}\n{log}\n{w.output()}")
        check(os.path.exists(errors) and why in read(errors), f"{mode}: keys ({why}): start fails with the reason",
              (read(errors) if os.path.exists(errors) else log) + w.output())
        if why == "wrong key":
            check("distribution refused: wrong key" in w.output() and wcode == 1,
                  f"{mode}: keys: the worker logs the refusal and exits 1", w.output())

    # A worker killed mid-stream: the receiver ends, a later distribute fails, the program ends.
    w = worker()
    errors = os.path.join(tmp, "killed.err")
    proc = subprocess.Popen([melodium, "run", program(tmp, "failures", tls), "--port", str(w.port), "--recv_key", K1,
                             "--send_key", K2, "--input", "/dev/zero", "--output", "/dev/null", "--errors", errors],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    time.sleep(1.5)
    w.proc.send_signal(signal.SIGKILL)
    killed = time.time()
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    took = time.time() - killed
    w.wait(5)
    check(proc.returncode == 0 and took < 8, f"{mode}: killed worker: the dispatcher ends within the timeouts",
          f"{proc.returncode} {took:.1f}\n{out}")
    check("connection to the worker lost" in out, f"{mode}: killed worker: the loss is logged", out)
    check(os.path.exists(errors) and "Distribution failed" in read(errors),
          f"{mode}: killed worker: a later distribute fails", out)

    # A worker whose --duration elapses mid-stream ends softly: its inputs close, the stream comes back to its
    # end, the session ends (a later distribute fails), both processes end.
    w = Worker(melodium, [*worker_args, "--port", "0", "--recv-key", K1, "--send-key", K2, "--duration", "1.5"],
               env)
    errors = os.path.join(tmp, "duration.err")
    code, log, took = run(melodium, program(tmp, "failures", tls),
                          ["--port", str(w.port), "--recv_key", K1, "--send_key", K2, "--input", "/dev/zero",
                           "--output", "/dev/null", "--errors", errors], timeout=60, env=env)
    wcode = w.wait(20)
    check(code == 0 and wcode == 0 and took < 10, f"{mode}: duration: both end", f"{code} {wcode} {took}\n{log}")
    check("the maximum duration has elapsed" in log, f"{mode}: duration: the worker's warning is forwarded", log)
    # Depending on whether the worker's Ended came before it: no connection any more, or refused.
    check(os.path.exists(errors) and read(errors) in ("Distribution failed", "Instanciation failed"),
          f"{mode}: duration: a later distribute fails", (read(errors) if os.path.exists(errors) else "no file") + "\n" + log)

    # Nobody comes within --wait: the worker gives up.
    w = Worker(melodium, [*worker_args, "--port", "0", "--recv-key", K1, "--send-key", K2, "--wait", "0.3"], env)
    wcode = w.wait(10)
    check(wcode == 1 and "no dispatcher connected in time" in w.output(), f"{mode}: --wait elapses",
          f"{wcode}\n{w.output()}")

    # Hostile bytes on the worker's port: that connection ends with a reason, nothing crashes.
    for name, payload in (("garbage", b"\x00\x00\x00\x05Zzzzz"), ("oversized", b"\x7f\xff\xff\xff"),
                          ("unknown message", b"\x00\x00\x00\x11J{\"type\":\"Nope\"}"),
                          ("truncated", b"\x00\x00\x01\x00J{")):
        w = worker()
        with socket.create_connection(("127.0.0.1", w.port)) as s:
            s.sendall(payload)
            time.sleep(0.3)
        if tls:
            # Not TLS: the handshake fails, the worker keeps waiting for its dispatcher, which still works.
            out = os.path.join(tmp, "after.txt")
            code, log, took = run(melodium, echo, ["--port", str(w.port), "--recv_key", K1, "--send_key", K2,
                                                   "--output", out], env=env)
            wcode = w.wait(20)
            check(code == 0 and wcode == 0 and read(out) == "hello from the dispatcher",
                  f"{mode}: hostile {name}: skipped, then the real dispatcher is served", log + w.output())
            check("TLS handshake" in w.output(), f"{mode}: hostile {name}: the failed handshake is logged",
                  w.output())
        else:
            wcode = w.wait(20)
            check(wcode == 1, f"{mode}: hostile {name}: the worker ends (exit 1, no crash)", f"{wcode}\n{w.output()}")
            check("no distribution asked" in w.output(), f"{mode}: hostile {name}: with a reason", w.output())


def acceptance(melodium, tmp):
    # Exactly the command line: TLS with the certificate generated at start, no CA given.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    w = Worker(melodium, ["--localhost", "--port", str(port), "--recv-key", K1, "--send-key", K2])
    out = os.path.join(tmp, "acceptance.txt")
    start = time.time()
    code, log, _ = run(melodium, os.path.join(PROGRAMS, "echo.mel"),
                       ["--port", str(port), "--recv_key", K1, "--send_key", K2, "--output", out], timeout=60)
    wcode = w.wait(20)
    took = time.time() - start
    check(code == 0 and wcode == 0 and took < 10, "acceptance: both processes end by themselves within seconds",
          f"{code} {wcode} {took:.1f}\n{log}\n{w.output()}")
    check(os.path.exists(out) and read(out) == "hello from the dispatcher", "acceptance: the echo is in the file",
          log)


def repl(melodium, tmp):
    """The REPL's `:run` of a distributed program behaves as `melodium run` does (issue 17): its
    DistributionEngine ships the session's program, so the worker launches the remote treatment and the echo
    comes back; same exit code, same output."""
    echo = echo_program(tmp, False)
    outcomes = {}
    for how in ("run", "repl"):
        w = Worker(melodium, ["--localhost", "--disable-tls", "--port", "0", "--recv-key", K1, "--send-key", K2,
                              "--wait", "30"])
        out = os.path.join(tmp, f"echo-{how}.txt")
        args = ["--port", str(w.port), "--recv_key", K1, "--send_key", K2, "--output", out]
        command = [melodium, "run", echo, *args] if how == "run" else [melodium, "repl", echo]
        session = None if how == "run" else ":run main " + " ".join(shlex.quote(a) for a in args) + "\n"
        try:
            proc = subprocess.run(command, input=session, capture_output=True, text=True, timeout=60, env=ENV)
            code, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as e:
            code, stdout, stderr = None, str(e.stdout), str(e.stderr)
        wcode = w.wait(20)
        # What may differ between two runs: timestamps, the port, the output file's name.
        masked = [re.sub(r"\[[0-9T:.Z-]+\]", "[TIMESTAMP]", text).replace(str(w.port), "PORT").replace(out, "OUT")
                  for text in (stdout, stderr)]
        outcomes[how] = (code, masked[0], masked[1], read(out) if os.path.exists(out) else None)
        check(wcode == 0, f"repl: {how}: the worker ends with 0 (it launched the shipped treatment)",
              f"{wcode}\n{w.output()}\n{stdout}\n{stderr}")
        check(outcomes[how][3] == "hello from the dispatcher", f"repl: {how}: the echo came back",
              f"{outcomes[how]}\n{w.output()}")
    check(outcomes["run"][0] == 0 and outcomes["repl"][:3] == outcomes["run"][:3],
          "repl: :run ends as `melodium run` does (exit code, stdout, stderr)", repr(outcomes))


def nested(melodium, tmp):
    """A worker whose treatment distributes in turn ships the program it was shipped (issue 17): `main` runs
    `relay` on a first worker, which runs `echo` on a second one."""
    first, second = (Worker(melodium, ["--localhost", "--disable-tls", "--port", "0", "--recv-key", K1,
                                       "--send-key", K2, "--wait", "30"]) for _ in range(2))
    out = os.path.join(tmp, "nested.txt")
    code, log, _ = run(melodium, os.path.join(PROGRAMS, "nested.mel"),
                       ["--port", str(first.port), "--port2", str(second.port), "--recv_key", K1, "--send_key", K2,
                        "--output", out], timeout=30)
    codes = (first.wait(20), second.wait(20))
    check(code == 0 and codes == (0, 0), "nested: the dispatcher and both workers end with 0",
          f"{code} {codes}\n{log}\n{first.output()}\n{second.output()}")
    check(os.path.exists(out) and read(out) == "hello from the dispatcher", "nested: the echo came back", log)


def main():
    melodium = sys.argv[1]
    what = sys.argv[2] if len(sys.argv) > 2 else "all"
    tmp = tempfile.mkdtemp(prefix="distrib-test-")
    try:
        if what in ("plain", "all"):
            scenarios(melodium, tmp, False)
        if what in ("tls", "all"):
            if shutil.which("openssl") is None:
                check(False, "the openssl CLI is needed (scripts/setup installs it)")
            else:
                scenarios(melodium, tmp, True)
        if what in ("acceptance", "all"):
            acceptance(melodium, tmp)
        if what in ("shipped", "all"):
            repl(melodium, tmp)
            nested(melodium, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failed", file=sys.stderr)
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
