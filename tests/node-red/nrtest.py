"""Helpers for the Node-RED tests: install node-red-contrib-mailblock the way a user does (npm pack, then npm install
into a fresh user folder), start the real Node-RED (node-red/node_modules, pinned by the lock file) headless on
127.0.0.1, deploy flows through its admin HTTP API and fire inject nodes. Flows report what reached their ends
through Node-RED's own file node: one JSON line per message, read back with `wait_lines`.
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
import mbtest  # noqa: E402  (the mail servers' env, delivered mail, assertions, the test runner)

SOURCE_DIR = mbtest.SOURCE_DIR
PACKAGE_DIR = os.path.join(SOURCE_DIR, "node-red")
NODE_RED = os.path.join(PACKAGE_DIR, "node_modules", "node-red", "red.js")
BUILD_DIR = os.path.dirname(os.path.abspath(mbtest.RPA))
PORT_FIRST = int(os.environ.get("MB_NODE_RED_PORT", "28880"))


def free_port():
    """The first port from MB_NODE_RED_PORT (28880) on that nothing listens on 127.0.0.1."""
    for port in range(PORT_FIRST, PORT_FIRST + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise AssertionError("no free port for Node-RED")


def pack(dest):
    """`npm pack` of node-red/ into dest; returns the tarball's path."""
    out = subprocess.run(["npm", "pack", "--silent", "--pack-destination", dest], cwd=PACKAGE_DIR, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    return os.path.join(dest, out)


SETTINGS = """module.exports = {
    uiHost: "127.0.0.1",
    credentialSecret: "mailblock-test-secret",
    flowFile: "flows.json",
    logging: { console: { level: "trace", metrics: false, audit: false } },
    telemetry: { enabled: false },
    editorTheme: { tours: false, projects: { enabled: false } },
    externalModules: { palette: { allowInstall: false } }
};
"""


class NodeRed:
    """A Node-RED with the packed package installed, in its own temporary user folder. Use as a context manager."""

    def __init__(self, env=None):
        self.dir = tempfile.mkdtemp(prefix="mailblock-node-red-")
        self.env = {**os.environ, "MAILBLOCK_RPA": mbtest.RPA,
                    "MAILBLOCK_PLUGIN_PATH": os.path.join(BUILD_DIR, "plugin", "libmailblock.so"), **(env or {})}
        self.log_path = os.path.join(self.dir, "node-red.log")
        self.proc = None
        self.port = None

    def __enter__(self):
        with open(os.path.join(self.dir, "settings.js"), "w") as f:
            f.write(SETTINGS)
        with open(os.path.join(self.dir, "package.json"), "w") as f:
            json.dump({"name": "node-red-project", "private": True}, f)
        tarball = pack(self.dir)
        subprocess.run(["npm", "install", "--offline", "--no-audit", "--no-fund", "--silent", tarball], cwd=self.dir,
                       check=True, env=self.env)
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stop()
        # rpa serve's stderr reaches the log (debug level): on the sanitizer build a report there fails the run.
        reports = [line for line in self.log().splitlines() if "Sanitizer" in line or "runtime error:" in line]
        if reports:
            print("sanitizer reports from rpa serve:\n" + "\n".join(reports[:20]))
            raise SystemExit(1)
        if exc_type is None or (exc_type is SystemExit and exc.code in (0, None)):
            shutil.rmtree(self.dir, ignore_errors=True)
        else:
            print(f"Node-RED's user folder and log are kept in {self.dir}")

    def start(self):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(["node", NODE_RED, "-u", self.dir, "-p", str(self.port), "-s",
                                      os.path.join(self.dir, "settings.js")],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=self.env, text=True)
        ready = threading.Event()

        def pump():  # copies Node-RED's output into the log file and notices the "ready" line
            for line in self.proc.stdout:
                log.write(line)
                log.flush()
                if "Server now running at" in line:
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        ready.wait(60)
        if self.proc.poll() is not None or not ready.is_set():
            raise AssertionError(f"Node-RED did not start:\n{self.log()}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def request(self, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json", "Accept": "application/json",
                                              **(headers or {})})
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read().decode()
            return json.loads(text) if text.strip().startswith(("{", "[")) else text

    def deploy(self, flows):
        """Deploys `flows` (a list of nodes) as a full deployment and waits until the flows have started."""
        self.request("POST", "/flows", flows, {"Node-RED-Deployment-Type": "full"})

    def inject(self, node_id, timeout=10.0):
        """Fires an inject node; right after a deploy Node-RED may answer 404 until the flow runs."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return self.request("POST", f"/inject/{node_id}")
            except urllib.error.HTTPError as e:
                if e.code != 404 or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def file(self, name):
        return os.path.join(self.dir, name)


def wait_lines(path, count, timeout=60.0, what="lines"):
    """Waits until the file has `count` JSON lines and returns them parsed."""
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                lines = [json.loads(x) for x in f.read().splitlines() if x.strip()]
            if len(lines) >= count:
                return lines
        time.sleep(0.05)
    raise AssertionError(f"{what}: {len(lines)} of {count} arrived in {path}: {lines}")


def wait_log(nr, pattern, after=0, timeout=10.0):
    """Waits for a line of Node-RED's log, past its first `after` characters, matching `pattern`, and returns the
    last such line's first group."""
    deadline = time.monotonic() + timeout
    while True:
        found = re.findall(pattern, nr.log()[after:])
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"{pattern!r} is not in {nr.log_path}")
        time.sleep(0.05)


def recorder(node_id, z, path, fields, x=900, y=100):
    """A function node writing the named msg fields as one JSON line, and Node-RED's file node appending it to
    `path`. Returns (nodes, id of the first) to wire into."""
    code = "msg.payload = JSON.stringify({" + ", ".join(f"{json.dumps(f)}: msg[{json.dumps(f)}]" for f in fields) + \
        "}); return msg;"
    return [
        {"id": node_id, "type": "function", "z": z, "name": "record", "func": code, "outputs": 1, "x": x, "y": y,
         "wires": [[node_id + "-file"]]},
        {"id": node_id + "-file", "type": "file", "z": z, "filename": path, "filenameType": "str", "appendNewline": True,
         "createDir": True, "overwriteFile": "false", "encoding": "utf8", "x": x + 200, "y": y, "wires": [[]]},
    ]


def tab(z, label="mailblock test"):
    return {"id": z, "type": "tab", "label": label}
