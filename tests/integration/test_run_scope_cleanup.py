"""What a diagram run leaves behind is gone when the run ends, not when rpa exits (abi.h, "Run scopes"): a mailing
of 20 rows (`rpa run --each`), each sending a 10 MB message through the real Postfix with a password and linking
the Sent message to Save to Sent, never has more than the current row's spool file on disk, and the plugin holds
one credential handle at a time. Watched while rpa runs, at each row's Debug line (a definite event: the row's
message is sent, so every earlier row has ended), so files that are only removed at exit cannot pass."""
import glob
import json
import os
import re
import subprocess
import tempfile

from mbtest import RPA, assert_eq, delivered, servers, tests, unique

S = servers()
ROWS = 20
HELD = re.compile(r"^\[send\] the password stays in the plugin for this run; .*\((\d+) held\)$")


def mailing(attachment, tmpdir, work):
    """Runs the mailing; returns (exit code, [(credentials held, spool files on disk) at each row's Debug line])."""
    diagram = {"start": {"next": "send", "language": "en"}, "blocks": {
        "send": {"type": "mail.send", "next": "save", "inputs": {
            "server": S["MB_HOST"], "port": S["MB_SMTP_STARTTLS_PORT"], "security": "STARTTLS",
            "ca_file": S["MB_CA_FILE"], "login": S["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"},
            "sender_email": S["MB_SMTP_USER"], "recipient": {"$var": "to"}, "subject": "Big",
            "attachments": attachment, "message_level": "Debug"}},
        "save": {"type": "mail.save_to_sent", "inputs": {"sent_message": {"$link": "send.sent_message"},
                                                         "append_mode": "Never"}}}}
    path, rows = os.path.join(work, "diagram.json"), os.path.join(work, "rows.csv")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(diagram, f)
    recipients = [unique("scope") for _ in range(ROWS)]
    with open(rows, "w", encoding="utf-8") as f:
        f.write("to\n" + "".join(r + "\n" for r in recipients))
    seen = []
    with open(os.path.join(work, "stdout"), "w") as out:
        proc = subprocess.Popen([RPA, "run", path, "--each", rows, "--json"], stdout=out, stderr=subprocess.PIPE,
                                text=True, env={**os.environ, "TMPDIR": tmpdir, "SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]})
        stderr = []
        for line in proc.stderr:
            stderr.append(line)
            m = HELD.match(line.rstrip("\n"))
            if m:  # this row's message is sent and its spool file made; earlier rows' must be gone
                seen.append((int(m.group(1)), len(glob.glob(os.path.join(tmpdir, "mailblock-spool-*")))))
        code = proc.wait(timeout=600)
    return code, seen, recipients, "".join(stderr)


def test_twenty_big_messages_leave_no_spool_file_and_no_handle_behind():
    with tempfile.TemporaryDirectory(prefix="mb-scope-") as work:
        tmpdir = os.path.join(work, "tmp")
        os.makedirs(tmpdir)
        attachment = os.path.join(work, "big.bin")
        with open(attachment, "wb") as f:
            f.write(os.urandom(7_600_000))  # about 10 MB once in base64: over the 8 MB spool threshold
        code, seen, recipients, stderr = mailing(attachment, tmpdir, work)
        assert_eq(code, 0, stderr[-2000:])
        assert_eq(len(seen), ROWS, f"one Debug line per row: {stderr[-2000:]}")
        assert_eq([held for held, _ in seen], [1] * ROWS, "credentials held at each row")
        # The current row's own file may or may not be there yet (rpa runs on): never one of an earlier row.
        assert_eq([(row, files) for row, (_, files) in enumerate(seen, 1) if files > 1], [], "rows that saw more spool files")
        assert_eq(os.listdir(tmpdir), [], "files left in TMPDIR")
        for to in (recipients[0], recipients[-1]):
            raw = delivered(to)[0]
            assert len(raw) > 10_000_000, f"{to}: the whole message arrived ({len(raw)} bytes)"
        for path in glob.glob(os.path.join(S["MB_MAIL_ROOT"], "new", "*")):  # 200 MB of test mail: not kept
            with open(path, "rb") as f:
                head = f.read(4096)
            if any(to.encode() in head for to in recipients):
                os.unlink(path)


if __name__ == "__main__":
    tests(globals())
