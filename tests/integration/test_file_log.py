"""The optional file log: one tab-separated line per send (time, block, server, Message-ID, recipients,
outcome, duration); "Errors only" keeps just the failures; no secret ever reaches it."""
import os
import tempfile

from mbtest import assert_eq, assert_not_in, run_diagram, send_diagram, servers, tests, unique

S = servers()


def send(log, mode, port, **extra):
    inputs = {"server": S["MB_HOST"], "port": port, "sender_email": "robot@mailblock.test", "recipient": unique("log"),
              "cc": unique("log"), "subject": "log", "body": "x", "log_file": log, "log_mode": mode,
              "error_level": "Ignore", "retries": 0}
    inputs.update(extra)
    return run_diagram(send_diagram(inputs))


def test_full_and_errors_only():
    with tempfile.TemporaryDirectory() as tmp:
        full, errors = os.path.join(tmp, "full.log"), os.path.join(tmp, "errors.log")
        for log, mode in ((full, "Full"), (errors, "Errors only")):
            ok = send(log, mode, S["MB_SMTP_PLAIN_PORT"])
            assert_eq(ok.code, 0, repr(ok))
            bad = send(log, mode, 1, login="a@example.org", password={"$env": "P"}, allow_insecure_auth=True)
            assert_eq(bad.code, 0, repr(bad))
        lines = [l.split("\t") for l in open(full, encoding="utf-8").read().splitlines()]
        assert_eq(len(lines), 2, "two sends")
        stamp, block, server, message_id, recipients, outcome, ms = lines[0]
        assert_eq((block, server, recipients, outcome), ("send", f"{S['MB_HOST']}:{S['MB_SMTP_PLAIN_PORT']}", "2", "ok"), "ok line")
        assert stamp.endswith("Z") and message_id.endswith("@mailblock.test") and int(ms) >= 0, lines[0]
        assert_eq(lines[1][5], "connect_refused", "failure line")
        err_lines = open(errors, encoding="utf-8").read().splitlines()
        assert_eq([l.split("\t")[5] for l in err_lines], ["connect_refused"], "errors only")
        assert_not_in("hunter2-secret", open(full).read(), "secret in log")


os.environ["P"] = "hunter2-secret"
tests(globals())
