"""Helpers for integration tests: the running test servers, `rpa run` on a diagram, and delivered mail.

Each test uses recipient addresses with a unique local part, so tests running in parallel never read each
other's mail. Postfix delivers one file per recipient into MB_MAIL_ROOT/new/, with a "Delivered-To:" header
naming that recipient.
"""
import email
import email.policy
import glob
import json
import os
import shlex
import subprocess
import tempfile
import time
import uuid

SOURCE_DIR = os.environ.get("MB_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
RPA = os.environ.get("MB_RPA", os.path.join(SOURCE_DIR, "build", "rpa"))


def servers():
    """The env file written by tests/servers/mailservers.sh, as a dict."""
    path = os.environ.get("MB_SERVERS_ENV", "/tmp/mailblock-ctest-servers-20000/env")
    env = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or "=" not in line:
                continue
            key, value = line.split("=", 1)
            env[key] = shlex.split(value)[0] if value else ""
    return env


def unique(local="user", domain="example.org"):
    return f"{local}-{uuid.uuid4().hex[:10]}@{domain}"


class Run:
    def __init__(self, proc, result):
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.result = result

    def block(self, block_id):
        for b in self.result["blocks"]:
            if b["id"] == block_id:
                return b
        raise AssertionError(f"block {block_id} did not run: {self.stdout}")

    def __repr__(self):
        return f"exit {self.code}\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


def run_diagram(diagram, env=None, json_output=True, extra_args=(), prefix=()):
    """Writes the diagram to a temporary file and runs `rpa run` on it (under `prefix`, a wrapper command, when
    given); returns a Run."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(diagram, f, ensure_ascii=False)
        path = f.name
    try:
        args = list(prefix) + [RPA, "run", path] + (["--json"] if json_output else []) + list(extra_args)
        proc = subprocess.run(args, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=240)
    finally:
        os.unlink(path)
    result = None
    if json_output and proc.stdout.strip().startswith("{"):
        result = json.loads(proc.stdout)
    return Run(proc, result)


def send_diagram(inputs, start=None, block_extra=None):
    """A diagram with one Send email block given `inputs`."""
    block = {"type": "mail.send", "inputs": inputs}
    block.update(block_extra or {})
    return {"start": {"next": "send", **(start or {})}, "blocks": {"send": block}}


def _delivered_to(path):
    with open(path, "rb") as f:
        head = f.read(4096)
    for line in head.split(b"\r\n" if b"\r\n" in head else b"\n"):
        if line.lower().startswith(b"delivered-to:"):
            return line.split(b":", 1)[1].strip().decode().lower()
        if not line:
            break
    return None


def delivered(address, count=1, timeout=20.0):
    """Waits until `count` messages for `address` are delivered and returns their raw bytes (oldest first)."""
    deadline = time.monotonic() + timeout
    pattern = os.path.join(servers()["MB_MAIL_ROOT"], "new", "*")
    while True:
        files = sorted((p for p in glob.glob(pattern) if _delivered_to(p) == address.lower()), key=os.path.getmtime)
        if len(files) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    if len(files) < count:
        raise AssertionError(f"{address}: {len(files)} message(s) delivered, expected {count}")
    out = []
    for name in files:
        with open(name, "rb") as f:
            out.append(f.read())
    return out


def assert_not_delivered(address, what, wait=1.0):
    """Nothing reaches `address` within `wait` seconds."""
    pattern = os.path.join(servers()["MB_MAIL_ROOT"], "new", "*")
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        count = sum(1 for p in glob.glob(pattern) if _delivered_to(p) == address.lower())
        if count:
            raise AssertionError(f"{what}: {count} message(s) delivered to {address}")
        time.sleep(0.05)


def sent_copies(user, maildir_folder, to):
    """The files in one of `user`'s IMAP folders (Maildir++ name, e.g. ".Sent") holding the message to `to`. Tests
    run in parallel and file their own messages in the same mailboxes, so a copy is told apart by its unique
    recipient, never by being new."""
    folder = os.path.join(servers()["MB_IMAP_MAIL_ROOT"], user, "Maildir", maildir_folder)
    files = sorted(glob.glob(os.path.join(folder, "cur", "*")) + glob.glob(os.path.join(folder, "new", "*")))
    return [f for f in files if _header_names(f, to)]


def _header_names(path, address):
    with open(path, "rb") as f:
        head = f.read(64 * 1024).replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    return address.encode() in head


def parse(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    return msg


def assert_eq(actual, expected, what=""):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def assert_in(needle, haystack, what=""):
    if needle not in haystack:
        raise AssertionError(f"{what}: {needle!r} not found in {haystack!r}")


def assert_not_in(needle, haystack, what=""):
    if needle in haystack:
        raise AssertionError(f"{what}: {needle!r} must not appear, but it is in the text")


def tests(namespace):
    """Runs every function named test_* in `namespace`, reports each, exits non-zero on any failure."""
    import sys
    import traceback
    failed = 0
    names = sorted(n for n in namespace if n.startswith("test_") and callable(namespace[n]))
    for name in names:
        try:
            namespace[name]()
            print(f"PASS {name}")
        except Exception:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {name}")
            traceback.print_exc()
    print(f"{len(names) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
