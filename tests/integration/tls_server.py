"""openssl for TLS tests on 127.0.0.1: a throwaway CA in a temporary folder that issues server certificates (also
outside their validity period, which `openssl x509 -req` cannot backdate but `openssl ca` can), `openssl verify` of
one, and `openssl s_server` on a port the kernel picks."""
import atexit
import os
import re
import shutil
import subprocess
import threading
import time
import mbtest


class CertificateAuthority:
    def __init__(self, name="mailblock test CA"):
        self.dir = mbtest.temp_folder("mb-tls-")
        atexit.register(shutil.rmtree, self.dir, True)
        self.ca = self.path("ca.pem")
        self._openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", f"/CN={name}",
                      "-addext", "basicConstraints=critical,CA:TRUE",
                      "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                      "-keyout", self.path("ca.key"), "-out", self.ca)
        os.makedirs(self.path("db"))
        open(self.path("db/index.txt"), "w").close()
        with open(self.path("db/serial"), "w") as f:
            f.write("1000\n")
        with open(self.path("ca.cnf"), "w") as f:
            f.write(f"[ca]\ndefault_ca = test_ca\n[test_ca]\ndatabase = {self.dir}/db/index.txt\n"
                    f"serial = {self.dir}/db/serial\nnew_certs_dir = {self.dir}/db\ncertificate = {self.ca}\n"
                    f"private_key = {self.dir}/ca.key\ndefault_md = sha256\npolicy = any\ncopy_extensions = copy\n"
                    "unique_subject = no\n[any]\ncommonName = supplied\n")

    def path(self, name):
        return os.path.join(self.dir, name)

    def _openssl(self, *args):
        r = subprocess.run(["openssl", *args], capture_output=True, text=True, cwd=self.dir)
        if r.returncode != 0:
            raise AssertionError(f"openssl {' '.join(args)} failed: {r.stderr}")
        return r.stdout

    def _request(self, name, cn, san, out, *extra):
        self._openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={cn}", "-addext", f"subjectAltName={san}",
                      "-addext", "basicConstraints=CA:FALSE", "-addext", "extendedKeyUsage=serverAuth", *extra,
                      "-keyout", self.path(f"{name}.key"), "-out", self.path(out))

    def issue(self, name, cn, san, start=None, end=None):
        """NAME.pem and NAME.key: a server certificate for CN and SAN (e.g. "DNS:localhost,IP:127.0.0.1"), valid for
        30 days from now or from START to END (YYYYMMDDHHMMSSZ)."""
        self._request(name, cn, san, f"{name}.csr")
        dates = ["-startdate", start, "-enddate", end] if start else ["-days", "30"]
        self._openssl("ca", "-batch", "-config", self.path("ca.cnf"), *dates, "-notext",
                      "-in", self.path(f"{name}.csr"), "-out", self.path(f"{name}.pem"))

    def self_signed(self, name, cn, san):
        """NAME.pem and NAME.key: right names, signed by its own key rather than by this CA."""
        self._request(name, cn, san, f"{name}.pem", "-x509", "-days", "30")

    def verify(self, name, *args):
        """What `openssl verify` against this CA says of NAME.pem as a server certificate: "OK" or its first error."""
        r = subprocess.run(["openssl", "verify", "-CAfile", self.ca, "-purpose", "sslserver", *args,
                            self.path(f"{name}.pem")], capture_output=True, text=True)
        m = re.search(r"error \d+ at \d+ depth lookup: (.*)", r.stdout + r.stderr)
        return "OK" if r.returncode == 0 else (m.group(1).strip() if m else r.stdout + r.stderr)


class TlsServer:
    """`openssl s_server` on 127.0.0.1 with NAME.pem/NAME.key of `ca`; `dialog` is written to its stdin (so sent to
    the first client once its handshake is done); output() is everything it printed."""

    def __init__(self, ca, name, *extra, dialog=b""):
        args = ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", ca.path(f"{name}.pem"),
                "-key", ca.path(f"{name}.key"), *extra]
        self.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines, self.port = [], None
        self._listening = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._listening.wait(15) or self.port is None:
            self.close()
            raise AssertionError(f"openssl s_server did not start listening: {self.output()}")
        if dialog:
            # Only now: bytes on stdin while no client is connected wait in the pipe for the first connection.
            self.proc.stdin.write(dialog)
            self.proc.stdin.flush()

    def _read(self):
        for raw in iter(self.proc.stdout.readline, b""):
            self.lines.append(raw.decode(errors="replace"))
            m = re.match(r"ACCEPT 127\.0\.0\.1:(\d+)", self.lines[-1])  # printed once it listens
            if m and self.port is None:
                self.port = int(m.group(1))
                self._listening.set()
        self._listening.set()  # exited: do not make the waiter wait out its deadline

    def output(self):
        return "".join(self.lines)

    def wait_for(self, text, timeout=10.0):
        """output() once it holds `text`, or after `timeout` seconds: s_server prints what a client sent only when
        its loop gets to it, which may be after the client has finished."""
        deadline = time.monotonic() + timeout
        while text not in self.output() and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.output()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._reader.join(5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
