#!/usr/bin/env python3
"""The worker's side of the protocol, spoken by an independent implementation (this script), over an inherited
socket: `melodium dist --socket-fd N` (what the local provisioner runs). Checks the documented encoding
(docs/distribution.md "Protocol"): frames, JSON control messages, binary string batches, the session order,
the refusal of a track that leaves a port unconnected, and the end (Ended, LogEnded).

Usage: distrib_protocol.py MELODIUM
"""
import base64
import json
import os
import socket
import struct
import subprocess
import sys
import uuid

GROUP = str(uuid.uuid4())
K1, K2 = str(uuid.uuid4()), str(uuid.uuid4())
PROGRAM = """#! name = pyecho
#! version = 1.2.3
#! require = std:0.10.2

use std/engine/log::logInfo

treatment echo(const label: string)
  input text: Stream<string>
  input note: Block<string>
  output text: Stream<string>
{
    log: logInfo(label = label)
    Self.text -> Self.text
    Self.note -> log.message
}
"""

failures = []


def check(condition, what, detail=""):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}\n{detail}", file=sys.stderr)
    return condition


class Peer:
    def __init__(self, sock):
        self.sock = sock
        self.sock.settimeout(30)
        self.debug = []  # the worker's debug events (JSON objects), which may come between any two messages

    def send_frame(self, payload: bytes):
        self.sock.sendall(struct.pack(">I", len(payload)) + payload)

    def send(self, message: dict):
        self.send_frame(b"J" + json.dumps(message).encode())

    def send_strings(self, track, name, strings):
        body = b"I" + struct.pack("<Q", track) + struct.pack("<I", len(name)) + name.encode()
        body += struct.pack("<BI", 16, len(strings))  # batch kind 16: string
        for s in strings:
            data = s.encode()
            body += struct.pack("<I", len(data)) + data
        self.send_frame(body)

    def read_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def receive(self):
        """The next frame that is not a Probe or a Debug event (kept in `debug`), decoded: a dict for JSON, a tuple
        for data; None at the end."""
        while True:
            head = self.read_exact(4)
            if head is None:
                return None
            payload = self.read_exact(struct.unpack(">I", head)[0])
            if payload[:1] == b"J":
                message = json.loads(payload[1:].decode())
                if message["type"] == "Debug":
                    self.debug.append(json.loads(message["event"]))
                elif message["type"] != "Probe":
                    return message
                continue
            kind = payload[:1]
            track, = struct.unpack_from("<Q", payload, 1)
            length, = struct.unpack_from("<I", payload, 9)
            name = payload[13:13 + length].decode()
            at = 13 + length
            batch_kind, count = struct.unpack_from("<BI", payload, at)
            at += 5
            values = []
            if batch_kind == 16:
                for _ in range(count):
                    size, = struct.unpack_from("<I", payload, at)
                    values.append(payload[at + 4:at + 4 + size].decode())
                    at += 4 + size
            return (kind.decode(), track, name, batch_kind, values)

    def receive_type(self, logs):
        """The next message that is not a Log (those are kept in `logs`)."""
        while True:
            m = self.receive()
            if m is None or isinstance(m, tuple) or m["type"] != "Log":
                return m
            logs.append(m)


def main():
    melodium = sys.argv[1]
    ours, theirs = socket.socketpair()
    env = dict(os.environ, NO_COLOR="1", MELODIUM_GROUP_ID=GROUP)
    proc = subprocess.Popen([melodium, "dist", "--socket-fd", str(theirs.fileno()), "--recv-key", K1, "--send-key",
                             K2, "--duration", "60"], pass_fds=[theirs.fileno()], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=env, text=True)
    theirs.close()
    peer = Peer(ours)
    logs = []
    try:
        peer.send({"type": "AskDistribution", "melodium_version": "0.10.2", "protocol_version": "cpp-1", "key": K1,
                   "run_id": str(uuid.uuid4()), "group_id": GROUP})
        confirm = peer.receive()
        check(confirm["type"] == "ConfirmDistribution" and confirm["accept"] and confirm["key"] == K2,
              "handshake accepted with the send key", str(confirm))

        peer.send({"type": "LoadAndLaunch",
                   "program": [{"name": "pyecho", "version": "1.2.3", "standalone": True,
                                "dependencies": [["std", "^0.10.2"]], "areas": [{"path": [], "text": PROGRAM}]}],
                   "entrypoint": "pyecho::echo", "version": "1.2.3",
                   # A string value: kind 16, u32 length, bytes; base64.
                   "parameters": {"label": base64.b64encode(
                       struct.pack("<BI", 16, 6) + b"remote").decode()}})
        status = peer.receive_type(logs)
        check(status["type"] == "LaunchStatus" and status["ok"], "launched", str(status))
        check({(p["name"], p["type"]) for p in status["inputs"]} == {("text", "Stream<string>"),
                                                                     ("note", "Block<string>")}
              and status["outputs"] == [{"name": "text", "type": "Stream<string>"}], "the ports are described",
              str(status))

        # A track leaving the output unconnected is refused with the reason.
        peer.send({"type": "Instanciate", "id": 1, "inputs": ["text", "note"], "outputs": []})
        refused = peer.receive_type(logs)
        check(refused["type"] == "InstanciateStatus" and not refused["ok"] and "output `text`" in refused["message"],
              "an incomplete track is refused", str(refused))

        peer.send({"type": "Instanciate", "id": 2, "inputs": ["text", "note"], "outputs": ["text"]})
        ok = peer.receive_type(logs)
        check(ok["type"] == "InstanciateStatus" and ok["ok"] and ok["id"] == 2, "a complete track opens", str(ok))
        peer.send_strings(2, "text", ["a", "bé"])
        peer.send_strings(2, "text", ["c"])
        peer.send_strings(99, "text", ["nobody"])  # an unknown track: dropped
        peer.send({"type": "CloseInput", "id": 2, "name": "text"})
        peer.send_strings(2, "note", ["noted"])
        peer.send({"type": "CloseInput", "id": 2, "name": "note"})
        received = []
        closed = False
        while not closed:
            m = peer.receive()
            if m is None:
                break
            if isinstance(m, tuple):
                check(m[:3] == ("O", 2, "text") and m[3] == 16, "output data of track 2", str(m))
                received += m[4]
            elif m["type"] == "Log":
                logs.append(m)
            elif m["type"] == "CloseOutput":
                closed = m["id"] == 2 and m["name"] == "text"
        check(received == ["a", "bé", "c"], "the strings came back in order", str(received))

        peer.send({"type": "Ended"})
        ended = log_ended = debug_ended = False
        while True:
            m = peer.receive()
            if m is None:
                break
            if isinstance(m, dict):
                if m["type"] == "Log":
                    logs.append(m)
                ended |= m["type"] == "Ended"
                log_ended |= m["type"] == "LogEnded"
                debug_ended |= m["type"] == "DebugEnded"
                if m["type"] == "LogEnded":
                    check(ended, "Ended comes before LogEnded")
        check(ended and log_ended and debug_ended, "the worker ends with Ended, LogEnded and DebugEnded")
        check(any(e.get("event") == "TreatmentStarted" for e in peer.debug) and
              all(isinstance(e, dict) and "time" in e for e in peer.debug),
              "the worker sent its debug events", str(peer.debug)[:2000])
        check(any(l["label"] == "remote" and l["message"] == "noted" and l["level"] == 2 for l in logs),
              "the remote treatment's log line was forwarded", str(logs))
    finally:
        ours.close()
        try:
            out, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
    check(proc.returncode == 0, "the worker exits with 0", f"{proc.returncode}\n{out}")
    # With an inherited socket the worker shares its parent's terminal: its logs go through the protocol only.
    check("remote: noted" not in out, "a --socket-fd worker does not print its logs a second time", out)
    if failures:
        print(f"{len(failures)} failed\n{out}", file=sys.stderr)
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
