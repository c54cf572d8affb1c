"""The optional file log: one tab-separated line per run of Send email or Save to Sent (time, block, server,
Message-ID, recipients, outcome, duration), whatever the outcome: also failures before any connection (bad
input, an OAuth sign-in to renew) and "partial" deliveries; "Errors only" keeps just those; no secret ever
reaches it."""
import os
import tempfile

from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, send_diagram, servers, tests, unique
from oauth_server import OAuthServer
from oauth_support import Home
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

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


def lines_of(log):
    with open(log, encoding="utf-8") as f:
        return [line.split("\t") for line in f.read().splitlines()]


def test_failures_before_any_connection_are_logged():
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "send.log")
        bad = send(log, "Errors only", S["MB_SMTP_PLAIN_PORT"], sender_email="not an address")
        assert_eq(bad.code, 0, repr(bad))
        home = Home()
        with OAuthServer() as oauth:
            home.write("work", oauth, "RT-revoked", "", expires_in=0)
            oauth.refresh_tokens.clear()  # the sign-in was revoked: it must be renewed
            renew = run_diagram(send_diagram({
                "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "oauth_credential": "work",
                "sender_email": "robot@mailblock.test", "recipient": unique("log"), "subject": "log", "body": "x",
                "log_file": log, "log_mode": "Errors only", "error_level": "Ignore"}), env=home.env(oauth))
            assert_eq(renew.code, 0, repr(renew))
        lines = lines_of(log)
        assert_eq([l[5] for l in lines], ["invalid_input", "authentication"], "both failures")
        assert_eq((lines[0][2], lines[0][3]), ("-", "-"), "input refused: no server or Message-ID yet")
        assert_eq(lines[1][2], f"{S['MB_HOST']}:{S['MB_SMTP_PLAIN_PORT']}", "the server given")
        assert_eq(renew.block("send")["error"]["fate"], "not_sent", "the fate of the OAuth failure")


def test_a_partial_delivery_is_logged_as_partial():
    script = greeting_and_ehlo(extensions=("SIZE 10240000",)) + [
        ("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<a@example\.org>"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<b@example\.org>"), ("send", "550 5.1.1 <b@example.org>: User unknown"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as P1"),
        ("expect", "QUIT"), ("send", "221 bye")]
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(script, script) as server:
        log = os.path.join(tmp, "send.log")
        inputs = {"server": "127.0.0.1", "port": server.port, "security": "None", "sender_email": "robot@example.org",
                  "recipient": "a@example.org; b@example.org", "subject": "s", "body": "b", "log_file": log,
                  "log_mode": "Errors only", "connection_pool": False}
        r = run_diagram(send_diagram(inputs))
        assert_eq(r.code, 0, repr(r))
        strict = run_diagram(send_diagram({**inputs, "recipient_errors": "If any refused", "error_level": "Ignore"},
                                          start={"language": "en"}))
        err = strict.block("send")["error"]
        assert_eq(err["fate"], "partial", str(err))
        assert err["message"].startswith("The message was not sent to every recipient. 1 of 2 recipients took it"), err
        assert_eq([(l[4], l[5]) for l in lines_of(log)], [("2", "partial"), ("2", "partial")],
                  "partial, even in Errors only")


def save_chain(log, save_inputs):
    user = "plain@mailblock.test"
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": user, "recipient": unique("log"),
            "subject": "log", "body": "x"}
    save = {"sent_message": {"$link": "send.sent_message"}, "port": S["MB_IMAP_PORT"], "security": "STARTTLS",
            "ca_file": S["MB_CA_FILE"], "login": f" {user}\u00a0", "password": {"$env": "P"}, "log_file": log,
            "log_mode": "Full", "error_level": "Ignore", "append_mode": "Always"}
    save.update(save_inputs)
    return run_diagram({"start": {"next": "send", "language": "en"},
                        "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                                   "save": {"type": "mail.save_to_sent", "inputs": save}}},
                       env={"P": S["MB_IMAP_PASSWORD"], "WRONG": "not-the-password"})


def test_save_to_sent_logs_every_run():
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "save.log")
        ok = save_chain(log, {})
        assert_eq(ok.code, 0, repr(ok))
        assert_eq(ok.block("save")["outputs"]["outcome"], "stored", "the login with spaces around it signs in")
        wrong = save_chain(log, {"password": {"$env": "WRONG"}})
        err = wrong.block("save")["error"]
        assert_eq((err["kind"], err["fate"]), ("authentication", "copy_not_saved"), str(err))
        assert err["message"].startswith("The email was delivered, but its copy was not stored"), err["message"]
        missing = save_chain(log, {"login": "", "password": ""})  # no IMAP sign-in at all: refused before connecting
        assert_eq(missing.block("save")["error"]["kind"], "invalid_input", repr(missing))
        lines = lines_of(log)
        assert_eq([(l[1], l[5]) for l in lines], [("save", "ok"), ("save", "authentication"), ("save", "invalid_input")],
                  "every outcome")
        assert_eq(lines[0][2], f"{S['MB_HOST']}:{S['MB_IMAP_PORT']}", "the IMAP server")
        assert_in("@mailblock.test", lines[0][3], "the Message-ID")
        assert_not_in(S["MB_IMAP_PASSWORD"], open(log).read(), "secret in log")


os.environ["P"] = "hunter2-secret"
tests(globals())
