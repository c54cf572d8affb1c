"""Bad input is refused before anything is sent, with an error naming the port: line breaks and NUL in one-line
fields, text that is not UTF-8, attachments that are not regular readable files, a 10 MB subject, 100,000
recipients, too many attachments. A listening server sees no connection at all."""
import json
import os
import re
import socket
import subprocess
import tempfile

from mbtest import assert_eq, assert_in, run_diagram, send_diagram, tests
from scripted_smtp import ScriptedSmtp


def refused(inputs, port_id, what, env=None, extra_args=(), variables=None, prefix=()):
    """Runs Send email against a server that must never be contacted; checks the error names the port."""
    with ScriptedSmtp() as server:
        base = {"server": "127.0.0.1", "port": server.port, "sender_email": "robot@example.org",
                "recipient": "user@example.org", "subject": "s", "body": "b", "retries": 0, "timeout": 5}
        base.update(inputs)
        diagram = send_diagram(base, start={"language": "en"})
        diagram["variables"] = variables or {}
        r = run_diagram(diagram, env=env, extra_args=extra_args, prefix=prefix)
        assert_eq(r.code, 1, repr(r))
        if extra_args:  # --each: one result per row
            r.result = json.loads(r.stdout)[0]
        err = r.block("send")["error"]
        assert_eq(err["kind"], "invalid_input", "kind")
        assert re.search(rf'\({port_id}\)|"{port_id}"', err["message"]), f"the port is named: {err['message']}"
        assert_in(what, err["message"], "what is wrong")
        assert_eq(server.connections, 0, "nothing was sent: no connection")
        return err["message"]


def file_modes_apply():
    """The wrapper under which rpa cannot read a mode-0 file: none for a normal user; for root (CI runs as root),
    dropping the capabilities that let root ignore file modes (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH)."""
    if os.geteuid() != 0:
        return ()
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search")


def test_line_breaks_and_nul_in_one_line_fields():
    refused({"subject": "Hi\r\nBcc: victim@example.org"}, "subject", "line break")
    refused({"sender_name": "Robot\u0000"}, "sender_name", "NUL")
    refused({"server": "127.0.0.1\nevil"}, "server", "line break")


def test_a_domain_that_cannot_be_written_in_ascii_is_refused():
    refused({"sender_email": "ivan@при мер.рф"}, "sender_email", "cannot be written in ASCII")


def test_text_that_is_not_utf8_names_the_port():
    # An environment variable in another encoding (cp1251 "Отчёт"): surrogateescape turns into the raw bytes.
    raw = "Отчёт".encode("cp1251").decode("utf-8", "surrogateescape")
    refused({"subject": {"$env": "MB_SUBJECT"}}, "subject", "not valid UTF-8", env={"MB_SUBJECT": raw})


def test_a_10_mb_subject_is_refused():
    # A diagram file is at most 4 MB, so the subject comes from a mailing's CSV row, as it would in real use.
    with tempfile.NamedTemporaryFile("w", suffix=".csv") as rows:
        rows.write("subject\n" + "x" * 10_000_000 + "\n")
        rows.flush()
        message = refused({"subject": {"$var": "subject"}}, "subject", "longer than 16384 bytes",
                          extra_args=["--each", rows.name], variables={"subject": ""})
    assert len(message) < 2000, "the error does not echo the value"


def test_100000_recipients_are_refused_quickly():
    recipients = ", ".join(f"user{i}@example.org" for i in range(100_000))
    refused({"recipient": recipients}, "recipient", "at most 1000 recipients")


def test_too_many_attachments():
    with tempfile.NamedTemporaryFile(suffix=".txt") as f:
        refused({"attachments": [f.name] * 501}, "attachments", "at most 500 attachments")


def test_attachments_that_are_not_regular_readable_files():
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "pipe")
        os.mkfifo(fifo)
        dangling = os.path.join(d, "dangling.pdf")
        os.symlink(os.path.join(d, "gone.pdf"), dangling)
        sock_path = os.path.join(d, "socket")
        s = socket.socket(socket.AF_UNIX)
        s.bind(sock_path)
        try:
            cases = [(d, "not a regular file"), (fifo, "not a regular file"), ("/dev/zero", "not a regular file"),
                     (sock_path, "not a regular file"), (dangling, "does not exist")]
            for path, what in cases:
                refused({"attachments": path}, "attachments", what)
            unreadable = os.path.join(d, "secret.pdf")
            with open(unreadable, "w") as f:
                f.write("x")
            os.chmod(unreadable, 0)
            prefix = file_modes_apply()
            if subprocess.run([*prefix, "cat", unreadable], capture_output=True).returncode == 0:
                print("SKIP the unreadable attachment: this machine lets even a wrapped process read a mode-0 file")
            else:
                refused({"attachments": unreadable}, "attachments", "cannot be read", prefix=prefix)
        finally:
            s.close()


tests(globals())
