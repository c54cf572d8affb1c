"""STARTTLS response injection (CVE-2011-0411) against Save to Sent: a scripted IMAP server (or a man in the
middle) appends plain-text responses right after its tagged OK to STARTTLS. The client must not read them as if
they came over TLS: the block fails, says why, and nothing is signed in to or APPENDed."""
from imap_scripts import TLS, chain
from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, tests
from scripted_smtp import ScriptedSmtp

GREETING = "* OK [CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN SPECIAL-USE UIDPLUS] scripted IMAP ready"
CAPS_AFTER_TLS = "* CAPABILITY IMAP4rev1 AUTH=PLAIN SPECIAL-USE UIDPLUS"
EVIL = r'* LIST (\Sent) "/" "Shared/evil"'


def session(after_ok):
    """A server that sends `after_ok` together with its OK to STARTTLS, then plays a whole session over TLS (so
    that a client which fell for the injection would sign in and APPEND)."""
    return [("send", GREETING), ("expect", "A1 STARTTLS"), ("send", "A1 OK begin TLS now" + after_ok), TLS,
            ("expect", "A2 CAPABILITY"), ("send", CAPS_AFTER_TLS), ("send", "A2 OK done"),
            ("expect", r"A3 AUTHENTICATE PLAIN"), ("send", "+ "), ("expect", r"\S+"), ("send", "A3 OK [CAPABILITY IMAP4rev1 SPECIAL-USE UIDPLUS] signed in"),
            ("expect", r'A4 LIST "" "\*" RETURN \(SPECIAL-USE\)'), ("send", r'* LIST (\HasNoChildren \Sent) "/" Sent'),
            ("send", "A4 OK listed"),
            ("expect", r'A5 EXAMINE ".*"'), ("send", "A5 OK examined"),
            ("expect", r"A6 UID SEARCH HEADER Message-ID .*"), ("send", "* SEARCH"), ("send", "A6 OK searched"),
            ("expect", "A7 CLOSE"), ("send", "A7 OK closed"),
            ("expect", r'A8 APPEND ".*" .*'), ("send", "+ go"), ("literal",), ("send", "A8 OK stored"),
            ("expect", "A9 LOGOUT"), ("send", "A9 OK bye")]


def save(after_ok):
    with ScriptedSmtp(session(after_ok)) as imap:
        r = run_diagram(chain(imap.port, security="STARTTLS"), env={"IMAP_PASSWORD": "Injected-Pw-51"})
    return r, imap


def test_a_list_injected_after_the_starttls_ok_fails_the_block_and_nothing_is_appended():
    r, imap = save("\r\n" + EVIL)
    assert_eq(r.block("send")["status"], "ok", f"the email itself went out: {r!r}")
    err = r.block("save")["error"]
    assert_eq(err["kind"], "tls", repr(r))
    assert_in("before TLS began", err["message"], "the error says what happened")
    assert_in("STARTTLS", err["hint"], "the hint names the attack on STARTTLS")
    assert_not_in("evil", r.stderr, "the injected response was never read as a response")
    assert_eq([l for l in imap.received if "APPEND" in l or "AUTHENTICATE" in l], [], "signed in or appended")
    assert_eq(imap.messages, [], "messages stored")
    assert_not_in("Injected-Pw-51", r.stdout + r.stderr, "password printed")


def test_control_the_same_server_without_injection_stores_the_copy():
    r, imap = save("")
    assert_eq(imap.errors, [], "IMAP dialog")
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "stored over TLS")
    assert_eq(len(imap.messages), 1, "one copy appended")


if __name__ == "__main__":
    tests(globals())
