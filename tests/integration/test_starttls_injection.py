"""STARTTLS response injection (the CVE-2011-0411 class, issue 16): bytes a server (or anyone on the path) sends
after its 220 reply to STARTTLS, before TLS begins, are refused, and nothing is sent; the same server without the
injected bytes gets the message over TLS."""
from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, send_diagram, tests
from scripted_smtp import QUIT, ScriptedSmtp, greeting_and_ehlo, transaction
from tls_server import CertificateAuthority

CA = CertificateAuthority()
CA.issue("server", "127.0.0.1", "IP:127.0.0.1")


def script(after_220=""):
    ready = "220 2.0.0 Ready to start TLS" + ("\r\n" + after_220 if after_220 else "")
    return greeting_and_ehlo(["STARTTLS", "SIZE 10240000"]) + [
        ("expect", "STARTTLS"), ("send", ready), ("starttls", CA.path("server.pem"), CA.path("server.key")),
        ("expect", r"EHLO \S+"), ("send", "250-mx.test\r\n250 SIZE 10240000")] + transaction(
        [("to@example.org", "250 ok")]) + QUIT


def send(port):
    return run_diagram(send_diagram({"server": "127.0.0.1", "port": port, "security": "STARTTLS", "ca_file": CA.ca,
                                     "sender_email": "robot@example.org", "recipient": "to@example.org", "subject": "TLS",
                                     "body": "hi", "timeout": 5, "retries": 0}, start={"language": "en"}))


def test_bytes_injected_after_the_220_to_starttls_are_refused():
    with ScriptedSmtp(script()) as server:  # the same server without injected bytes gets the message over TLS
        r = send(server.port)
        assert_eq(r.code, 0, repr(r))
        assert_eq(server.errors, [], "dialog")
        assert_eq((len(server.messages), server.accepted), (1, 1), "messages, accepted")
    with ScriptedSmtp(script("250-mx.test\r\n250 AUTH PLAIN")) as server:
        r = send(server.port)
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq((err["kind"], err["stage"]), ("protocol", "tls"), "error")
        assert_in("before TLS began", err["message"], "says what happened")
        assert_eq((len(server.messages), server.accepted), (0, 0), "messages, accepted")
        assert_not_in("MAIL FROM", " ".join(server.received), "nothing was offered")


tests(globals())
