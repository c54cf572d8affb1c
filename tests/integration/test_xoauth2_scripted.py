"""XOAUTH2 against a scripted server that checks the exact SASL string (the real Postfix and Dovecot check tokens
in test_oauth_real_servers.py).
The scripted server offers no TLS, so the diagram explicitly allows credentials without encryption."""
import base64

from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, send_diagram, tests
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

TOKEN = "ya29.A0-test-token_xyz"
USER = "robot@example.org"
EXPECTED = base64.b64encode(f"user={USER}\x01auth=Bearer {TOKEN}\x01\x01".encode()).decode()


def diagram(port):
    return send_diagram({"server": "127.0.0.1", "port": port, "security": "None", "allow_insecure_auth": True,
                         "login": USER, "access_token": {"$env": "OAUTH_TOKEN"}, "sender_email": USER,
                         "recipient": "to@example.org", "subject": "OAuth", "body": "hi"},
                        start={"message_level": "Detailed", "language": "en"})


def test_xoauth2_sends_googles_exact_string():
    script = greeting_and_ehlo(["AUTH XOAUTH2 PLAIN"]) + [
        ("expect", "AUTH XOAUTH2 " + EXPECTED), ("send", "235 2.7.0 Accepted"),
        ("expect", r"MAIL FROM:<robot@example\.org>"), ("send", "250 2.1.0 Ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 2.1.5 Ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as XO1"),
        ("expect", "QUIT"), ("send", "221 bye")]
    with ScriptedSmtp(script) as server:
        r = run_diagram(diagram(server.port), env={"OAUTH_TOKEN": TOKEN})
        assert_eq(server.errors, [], "dialog")
        assert_eq(r.code, 0, repr(r))
        assert_eq(r.block("send")["outputs"]["sent_message"]["queue_id"], "XO1", "queue id")
        assert_not_in(TOKEN, r.stdout + r.stderr, "token printed")
        assert_not_in(EXPECTED, r.stdout + r.stderr, "token's base64 printed")
        assert_in("AUTH XOAUTH2 ***", r.stderr, "redacted dialog")


def test_refused_token_reads_the_error_json_and_fails_as_authentication():
    challenge = base64.b64encode(b'{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}').decode()
    script = greeting_and_ehlo(["AUTH XOAUTH2"]) + [
        ("expect", "AUTH XOAUTH2 " + EXPECTED), ("send", "334 " + challenge),
        ("expect", ""), ("send", "535 5.7.8 Username and Password not accepted"), ("expect", "QUIT|"), ("close",)]
    with ScriptedSmtp(script) as server:
        r = run_diagram(diagram(server.port), env={"OAUTH_TOKEN": TOKEN})
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "authentication", "kind")
        assert_eq(err["enhanced"], "5.7.8", "enhanced code")
        assert_in('"status":"401"', err["server_text"], "the error JSON is kept")
        # A token given directly cannot be renewed: the advice is about tokens, not application passwords.
        assert_in("OAuth2 credential", err["hint"], "how to have a token that renews itself")
        assert_not_in("application password", err["hint"], "no password advice for a token")
        assert_not_in(TOKEN, r.stdout + r.stderr, "token printed")


def test_a_server_without_a_token_mechanism_gets_no_token_and_the_error_says_what_it_offers():
    script = greeting_and_ehlo(["AUTH PLAIN LOGIN"]) + [("expect", "QUIT|"), ("send", "221 bye")]
    with ScriptedSmtp(script) as server:
        r = run_diagram(diagram(server.port), env={"OAUTH_TOKEN": TOKEN})
        assert_eq(r.code, 1, repr(r))
        assert_eq([line for line in server.received if line.startswith("AUTH")], [], "no AUTH sent")
        err = r.block("send")["error"]
        assert_eq((err["kind"], err["stage"]), ("authentication", "ehlo"), "kind, stage")
        assert_in("PLAIN LOGIN", err["message"] + err["hint"], "names what the server offers")
        assert_not_in("refresh", r.stderr, "no renewal spent")
        assert_not_in(TOKEN, r.stdout + r.stderr, "token printed")


tests(globals())
