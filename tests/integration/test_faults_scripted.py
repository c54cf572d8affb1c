"""Faults a real server cannot be made to show, against the scripted server: a stall (timeout within the
budget), a connection lost after the final dot (outcome unknown, never resent), and input refused before
any connection is made (header injection, a missing attachment)."""
import time

from mbtest import assert_eq, assert_in, run_diagram, send_diagram, tests
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo


def diagram(port, **extra):
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": "to@example.org", "subject": "Fault", "body": "hi", "timeout": 2}
    inputs.update(extra)
    return send_diagram(inputs, start={"language": "en"})


def test_a_stalled_server_times_out_within_the_budget():
    with ScriptedSmtp([("send", "220 slow.test ESMTP"), ("expect", r"EHLO \S+"), ("stall",)]) as server:
        started = time.monotonic()
        r = run_diagram(diagram(server.port, retries=0))
        elapsed = time.monotonic() - started
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "timeout", "kind")
        assert_eq(err["stage"], "ehlo", "stage")
        assert elapsed < 2 + 1.5, f"took {elapsed:.1f} s for a 2 s timeout"


def test_lost_reply_after_the_dot_is_unknown_and_not_resent():
    script = greeting_and_ehlo() + [
        ("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("close",)]
    with ScriptedSmtp(script) as server:
        r = run_diagram(diagram(server.port))
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "unknown_outcome", "kind")
        assert_in("Do not resend blindly", err["hint"], "hint")
        assert_eq(len(server.messages), 1, "the message was transferred once")
        assert_eq(server.connections, 1, "no second attempt")


def test_exact_dialog_with_dot_stuffing_and_crlf():
    script = greeting_and_ehlo() + [
        ("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as ABC"),
        ("expect", "QUIT"), ("send", "221 bye")]
    with ScriptedSmtp(script) as server:
        r = run_diagram(diagram(server.port, body=".one\n..two\nthree.\n."))
        assert_eq(server.errors, [], "dialog")
        assert_eq(r.code, 0, repr(r))
        data = server.messages[0]
        assert_in(b"\r\n..one\r\n...two\r\nthree.\r\n..\r\n", data, "dot-stuffed body")
        assert b"\n" not in data.replace(b"\r\n", b""), "bare LF on the wire"


def test_header_injection_is_refused_before_connecting():
    with ScriptedSmtp() as server:
        r = run_diagram(diagram(server.port, subject="Hi\r\nBcc: evil@example.org"))
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "invalid_input", "kind")
        assert_in("(subject)", err["message"], "names the port")
        assert_eq(server.connections, 0, "nothing was sent")


def test_missing_attachment_is_refused_before_connecting():
    with ScriptedSmtp() as server:
        r = run_diagram(diagram(server.port, attachments=["/nonexistent/Отчёт.pdf"]))
        assert_eq(r.code, 1, repr(r))
        assert_in("/nonexistent/Отчёт.pdf", r.block("send")["error"]["message"], "names the file")
        assert_eq(server.connections, 0, "nothing was sent")


tests(globals())
