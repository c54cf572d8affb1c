"""A transcript-driven SMTP server for faults a real server cannot be made to show (drops, stalls, odd replies)
and for the exact bytes of SASL exchanges. Line-based, so it plays IMAP scripts as well.

A script is a list of steps, played in order on one connection:
    ("send", "220 ready")            the server writes a line (CRLF added); bytes are written as they are
    ("expect", r"EHLO \\S+")         the server reads one line; it must match the regex (fullmatch)
    ("data",)                        the server reads the message up to the final "." and records it
    ("literal",)                     IMAP: the server reads the {N} octets the last line announced (and its CRLF)
                                     and records them as a message
    ("starttls", cert, key)          the server starts TLS (as after its go-ahead to STARTTLS) with that PEM
                                     certificate and key; later steps go over TLS
    ("close",)                       the server closes the connection
    ("stall",)                       the server stops answering and reading (holds the connection until the test ends)
    ("trickle", "220 x", 0.5)        the server writes the line (CRLF added) one byte every 0.5 s
Every line the client sent is recorded, so a test can compare the exact dialog. `accepted` counts the messages
the server said it took (a 2xx reply right after a "data" step). `reads` holds, for each line in `received`, the
number of the socket read (recv) that brought its end, and `data_reads` the (first line, final ".") read numbers
of each DATA section: lines that share a number came in one segment. Listens on 127.0.0.1 only, or ::1 (`family`).
"""
import io
import itertools
import re
import socket
import ssl
import threading


class _CountedReads(io.RawIOBase):
    """The socket as a raw stream whose every recv takes the next number of the server's counter."""

    def __init__(self, conn, counter):
        self.conn, self.counter, self.last = conn, counter, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = self.conn.recv_into(buffer)
        self.last = next(self.counter)
        return n


class ScriptedSmtp:
    def __init__(self, *scripts, family=socket.AF_INET):
        """Each script serves one connection, in order; a further connection is refused by closing it. `scripts` may
        be set after construction (a script that must name `port`)."""
        self.scripts = list(scripts)
        self.received = []      # lines from the client, across connections, without CRLF
        self.reads = []         # for each received line: the number of the recv that brought it
        self.data_reads = []    # for each DATA section: the recv numbers of its first line and of its final "."
        self._counter = itertools.count(1)
        self.messages = []      # bytes of each DATA section
        self.accepted = 0       # messages answered with 2xx after their data
        self.connections = 0
        self.errors = []
        self.stalled = threading.Event()  # set when a "stall" step begins
        self._sock = socket.socket(family, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1", 0))
        self._sock.listen(8)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            index = self.connections
            self.connections += 1
            script = self.scripts[index] if index < len(self.scripts) else [("close",)]
            threading.Thread(target=self._play, args=(conn, script), daemon=True).start()

    def _reader(self, conn):
        """A buffered line reader that records which recv each line came with (BufferedReader reads again only
        when no whole line is left, so a line's number is that of the latest recv)."""
        raw = _CountedReads(conn, self._counter)
        return io.BufferedReader(raw), raw

    def _play(self, conn, script):
        reader = self._reader(conn)
        try:
            self._steps(conn, reader, script)
        except OSError:
            pass  # the client gave up (as it should on a 10 MB line): not an error of the server
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def _steps(self, conn, reader, script):
        after_data = False
        try:
            for step in script:
                action = step[0]
                if after_data and action == "send" and step[1][:1] in ("2", b"2"):
                    self.accepted += 1
                after_data = action == "data"
                if action == "send":  # text goes as UTF-8; bytes as they are (a legacy or broken server)
                    conn.sendall((step[1] if isinstance(step[1], bytes) else step[1].encode()) + b"\r\n")
                elif action == "trickle":
                    for byte in step[1].encode() + b"\r\n":
                        conn.sendall(bytes([byte]))
                        if self._stop.wait(step[2]):
                            return
                elif action == "starttls":
                    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                    context.load_cert_chain(step[1], step[2])
                    try:
                        conn = context.wrap_socket(conn, server_side=True)
                    except ssl.SSLError as e:
                        self.errors.append(f"TLS handshake failed: {e}")
                        return
                    reader = self._reader(conn)
                elif action == "expect":
                    raw = reader[0].readline()
                    if not raw:
                        self.errors.append(f"client closed, expected {step[1]!r}")
                        return
                    line = raw.decode(errors="replace").rstrip("\r\n")
                    self.received.append(line)
                    self.reads.append(reader[1].last)
                    if not raw.endswith(b"\r\n"):
                        self.errors.append(f"line without CRLF: {line!r}")
                    if not re.fullmatch(step[1], line):
                        self.errors.append(f"expected {step[1]!r}, got {line!r}")
                        return
                elif action == "data":
                    chunks = []
                    first = None
                    while True:
                        raw = reader[0].readline()
                        first = first or reader[1].last
                        if not raw or raw == b".\r\n":
                            break
                        chunks.append(raw)
                    self.messages.append(b"".join(chunks))
                    self.data_reads.append((first, reader[1].last))
                elif action == "literal":
                    size = int(re.search(r"\{(\d+)\}$", self.received[-1]).group(1))
                    self.messages.append(reader[0].read(size))
                    reader[0].readline()  # the CRLF that ends the command
                elif action == "close":
                    return
                elif action == "stall":
                    self.stalled.set()
                    self._stop.wait()
                    return
        finally:
            conn.close()  # the TLS socket when the dialog went over to TLS

    def close(self):
        self._stop.set()
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def greeting_and_ehlo(extensions=("PIPELINING", "SIZE 10240000", "8BITMIME")):
    """The opening every script shares: a greeting and an EHLO reply with the given extensions."""
    lines = ["mx.test"] + list(extensions)
    reply = [("250-" if i < len(lines) - 1 else "250 ") + l for i, l in enumerate(lines)]
    return [("send", "220 mx.test ESMTP scripted"), ("expect", r"EHLO \S+")] + [("send", "\r\n".join(reply))]


def transaction(rcpts, final="250 2.0.0 Ok: queued as Q1", sender=r"robot@example\.org"):
    """One mail transaction without PIPELINING: MAIL FROM, then an RCPT TO for each (address, reply) of `rcpts`, then,
    when some recipient was taken, DATA, the message and the `final` reply to it."""
    steps = [("expect", rf"MAIL FROM:<{sender}>( SIZE=\d+)?"), ("send", "250 ok")]
    for address, reply in rcpts:
        steps += [("expect", rf"RCPT TO:<{re.escape(address)}>"), ("send", reply)]
    if any(reply.startswith("2") for _, reply in rcpts):
        steps += [("expect", "DATA"), ("send", "354 go"), ("data",), ("send", final)]
    return steps


QUIT = [("expect", "QUIT"), ("send", "221 bye")]
