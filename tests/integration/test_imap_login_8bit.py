"""A password in Cyrillic signs in to IMAP: against the real Dovecot (SASL PLAIN, where the password travels in
base64) the copy is stored; against a scripted server that offers no AUTH=PLAIN, LOGIN sends the password as a
literal (RFC 3501: a quoted string cannot hold 8-bit bytes), exactly its UTF-8 bytes, after the server's "+"."""
import re

from imap_scripts import LOGIN, TLS, chain, signed_in_and_stored
from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, sent_copies, servers, tests, unique
from scripted_smtp import ScriptedSmtp

S = servers()
PASSWORD = "Пароль-ёж-42"


def test_dovecot_takes_a_cyrillic_password():
    user, to = S["MB_IMAP_CYRILLIC_USER"], unique("cyrillic-pw")
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "security": "None", "sender_email": user,
            "recipient": to, "subject": "Пароль кириллицей", "body": "x"}
    save = {"sent_message": {"$link": "send.sent_message"}, "server": S["MB_HOST"], "port": S["MB_IMAP_PORT"],
            "security": "STARTTLS", "ca_file": S["MB_CA_FILE"], "login": user, "password": {"$env": "CYRILLIC_PW"}}
    r = run_diagram({"start": {"next": "send", "message_level": "Detailed", "language": "en"},
                     "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                                "save": {"type": "mail.save_to_sent", "inputs": save}}},
                    env={"CYRILLIC_PW": S["MB_IMAP_CYRILLIC_PASSWORD"]})
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "stored")
    assert_eq(len(sent_copies(user, ".Sent", to)), 1, "one copy in Sent")
    assert_not_in(S["MB_IMAP_CYRILLIC_PASSWORD"], r.stdout + r.stderr, "password printed")


def test_login_sends_a_cyrillic_password_as_a_literal():
    raw = PASSWORD.encode()
    greeting = "* OK [CAPABILITY IMAP4rev1 STARTTLS SPECIAL-USE UIDPLUS] no AUTH=PLAIN here"
    script = [("send", greeting), ("expect", "A1 STARTTLS"), ("send", "A1 OK begin TLS"), TLS,
              ("expect", "A2 CAPABILITY"), ("send", "* CAPABILITY IMAP4rev1 SPECIAL-USE UIDPLUS"), ("send", "A2 OK"),
              ("expect", r'A3 LOGIN "%s" \{%d\}' % (re.escape(LOGIN), len(raw))), ("send", "+ go ahead"), ("literal",),
              ("send", "A3 OK [CAPABILITY IMAP4rev1 SPECIAL-USE UIDPLUS] signed in")] + signed_in_and_stored(4)
    with ScriptedSmtp(script) as imap:
        r = run_diagram(chain(imap.port, security="STARTTLS"), env={"IMAP_PASSWORD": PASSWORD})
    assert_eq(imap.errors, [], "IMAP dialog")
    assert_eq(r.code, 0, repr(r))
    assert_eq(imap.messages[0], raw, "the literal holds exactly the password's UTF-8 bytes")
    assert_eq(len(imap.messages), 2, "then the copy was appended")
    assert_in(f"C: A3 LOGIN \"{LOGIN}\" ***", r.stderr, "the Detailed log hides the password")
    assert_not_in(PASSWORD, r.stdout + r.stderr, "password printed")


if __name__ == "__main__":
    tests(globals())
