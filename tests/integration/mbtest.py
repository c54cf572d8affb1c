"""Helpers for integration tests: the running test servers, `rpa run` on a diagram, and delivered mail.

Each test uses recipient addresses with a unique local part, so tests running in parallel never read each
other's mail. Postfix delivers one file per recipient into MB_MAIL_ROOT/new/, with a "Delivered-To:" header
naming that recipient.
"""
import atexit
import email
import email.policy
import glob
import json
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
import uuid


_TEMP_FOLDERS = []


def temp_folder(prefix="mb-", parent=None):
    """A fresh folder (in `parent`, else the system's temporary folder), removed when the test file ends."""
    path = tempfile.mkdtemp(prefix=prefix, dir=parent)
    _TEMP_FOLDERS.append(path)
    return path


atexit.register(lambda: [shutil.rmtree(p, ignore_errors=True) for p in _TEMP_FOLDERS])

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
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except FileNotFoundError:  # gone since it was listed (a test running alongside moved it out of new/)
        return None
    for line in head.split(b"\r\n" if b"\r\n" in head else b"\n"):
        if line.lower().startswith(b"delivered-to:"):
            return line.split(b":", 1)[1].strip().decode().lower()
        if not line:
            break
    return None


def _mtime(path):
    try:
        return os.path.getmtime(path)
    except FileNotFoundError:
        return 0.0


def delivered(address, count=1, timeout=20.0):
    """Waits until `count` messages for `address` are delivered and returns their raw bytes (oldest first)."""
    deadline = time.monotonic() + timeout
    pattern = os.path.join(servers()["MB_MAIL_ROOT"], "new", "*")
    while True:
        files = sorted((p for p in glob.glob(pattern) if _delivered_to(p) == address.lower()), key=_mtime)
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


def _smtpd_events(text):
    """(pid, "connect" | "disconnect") for each smtpd session line of a Postfix log, in order."""
    for line in text.splitlines():
        if "postfix/smtpd[" not in line:
            continue
        pid = line.split("postfix/smtpd[", 1)[1].split("]", 1)[0]
        if ": connect from " in line:
            yield pid, "connect"
        elif ": disconnect from " in line:
            yield pid, "disconnect"


def _read_log(start=0):
    with open(servers()["MB_POSTFIX_LOG"], "rb") as f:
        f.seek(start)
        data = f.read()
    return data.decode("utf-8", errors="replace"), start + len(data)


# Sessions that began before this test program started are not its own: postfix_settled() does not wait for them.
def _log_size():
    try:
        return os.path.getsize(servers()["MB_POSTFIX_LOG"])
    except (OSError, KeyError):
        return 0


_LOG_START = _log_size()


def _mark_postfix_log():
    """Makes Postfix log a line of our own and returns its unique mark: an SMTP session to the plain port whose
    MAIL command Postfix refuses with a warning naming the mark. Postfix writes its log through one postlogd, in
    the order the lines were sent: once the mark is in the file, so is every line logged before it."""
    mark = f"settle-{uuid.uuid4().hex}"
    with socket.create_connection((servers()["MB_HOST"], int(servers()["MB_SMTP_PLAIN_PORT"])), timeout=30) as s:
        f = s.makefile("rb")
        for command in (None, b"EHLO settle.test", f"MAIL FROM:<{mark} x>".encode(), b"QUIT"):
            if command:
                s.sendall(command + b"\r\n")
            while (line := f.readline())[3:4] == b"-":
                pass
    return mark


def postfix_settled(timeout=60.0):
    """Waits until Postfix is done with everything this test program sent it: every SMTP session that began since
    the program started has logged its "disconnect from", and every message those sessions queued has left the
    incoming and active queues (delivered, or deferred: then it was not delivered). Raises when that takes longer
    than `timeout`, so a slow Postfix fails the test instead of passing it."""
    deadline = time.monotonic() + timeout
    mark = _mark_postfix_log()
    text, offset = _read_log(_LOG_START)
    while mark not in text:
        if time.monotonic() > deadline:
            raise AssertionError(f"the mark {mark} did not reach Postfix's log within {timeout} s")
        time.sleep(0.05)
        more, offset = _read_log(offset)
        text += more
    open_sessions = set()
    for pid, event in _smtpd_events(text[:text.index(mark)]):
        (open_sessions.add if event == "connect" else open_sessions.discard)(pid)
    later = text[text.index(mark):]
    while True:
        for pid, event in _smtpd_events(later):
            if event == "disconnect":
                open_sessions.discard(pid)
        if not open_sessions:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"Postfix sessions of smtpd {sorted(open_sessions)} did not end within {timeout} s")
        time.sleep(0.05)
        later, offset = _read_log(offset)
    queue = os.path.join(os.path.dirname(servers()["MB_POSTFIX_LOG"]), "queue")

    def queued():
        return {name for folder in ("incoming", "active") for _, _, names in os.walk(os.path.join(queue, folder))
                for name in names}
    waiting = queued()
    while waiting:
        if time.monotonic() > deadline:
            raise AssertionError(f"Postfix queue files {sorted(waiting)} were not delivered within {timeout} s")
        time.sleep(0.05)
        waiting &= queued()


def postfix_record(queue_id):
    """Postfix's log line for the client that handed over message `queue_id` (it names the SASL method)."""
    with open(servers()["MB_POSTFIX_LOG"]) as log:
        return "".join(line for line in log if f"{queue_id}: client=" in line)


def assert_signed_in_with(r, to, mechanism):
    """A Send email -> Save to Sent run signed in to both servers with `mechanism`: delivered, named in Postfix's
    log (sasl_method) and in the Detailed log of both blocks (payloads hidden), the copy stored, no password shown."""
    s = servers()
    assert_eq(r.code, 0, repr(r))
    delivered(to)
    queue_id = r.block("send")["outputs"]["sent_message"]["queue_id"]
    assert_in(f"sasl_method={mechanism}, sasl_username={s['MB_SMTP_USER']}", postfix_record(queue_id), "Postfix's log")
    assert_in(f"C: AUTH {mechanism} ***", r.stderr, "SMTP mechanism, payload hidden")
    assert_in(f"AUTHENTICATE {mechanism}", r.stderr, "IMAP mechanism")
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "the copy is stored")
    assert_not_in(s["MB_SMTP_PASSWORD"], r.stdout + r.stderr, "password printed")


def delivered_count(address):
    pattern = os.path.join(servers()["MB_MAIL_ROOT"], "new", "*")
    return sum(1 for p in glob.glob(pattern) if _delivered_to(p) == address.lower())


def assert_not_delivered(address, what):
    """Nothing reached `address`: counted once Postfix has finished every session and queued message."""
    postfix_settled()
    count = delivered_count(address)
    if count:
        raise AssertionError(f"{what}: {count} message(s) delivered to {address}")


def assert_delivered_exactly(address, count, what):
    """Exactly `count` messages reached `address` (no duplicate): waits for them, then for Postfix to finish."""
    delivered(address, count)
    postfix_settled()
    got = delivered_count(address)
    if got != count:
        raise AssertionError(f"{what}: {got} message(s) delivered to {address}, expected {count}")


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
