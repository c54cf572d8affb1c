"""The password mechanisms GNU SASL does for us, against the real Postfix (through Dovecot's SASL) and Dovecot:
SCRAM-SHA-256 and SCRAM-SHA-1 sign in for Send email and Save to Sent, and Postfix's log names the mechanism; Auto
prefers SCRAM over CRAM-MD5 and PLAIN; a wrong password under SCRAM fails as a refused sign-in (after one
fallback, also refused), and nothing is sent."""
from mbtest import (assert_eq, assert_in, assert_not_delivered, assert_signed_in_with, run_diagram, sent_copies, servers,
                    tests, unique)

S = servers()
USER = S["MB_SMTP_USER"]


def chain(to, method, password_env="PW"):
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_STARTTLS_PORT"], "security": "STARTTLS",
            "ca_file": S["MB_CA_FILE"], "login": USER, "password": {"$env": password_env}, "sender_email": USER,
            "recipient": to, "subject": f"SASL {method}", "body": "x", "auth_method": method}
    save = {"sent_message": {"$link": "send.sent_message"}, "server": S["MB_HOST"], "port": S["MB_IMAP_PORT"],
            "security": "STARTTLS", "ca_file": S["MB_CA_FILE"], "auth_method": method}
    return {"start": {"next": "send", "message_level": "Detailed", "language": "en"},
            "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                       "save": {"type": "mail.save_to_sent", "inputs": save}}}


def signs_in_with(method, shown=None):
    to = unique("sasl-" + method.lower())
    r = run_diagram(chain(to, method), env={"PW": S["MB_SMTP_PASSWORD"]})
    assert_signed_in_with(r, to, shown or method)


def test_scram_sha_256_signs_in_to_postfix_and_dovecot():
    signs_in_with("SCRAM-SHA-256")


def test_scram_sha_1_signs_in_to_postfix_and_dovecot():
    signs_in_with("SCRAM-SHA-1")


def test_auto_prefers_scram_sha_256():
    signs_in_with("Auto", "SCRAM-SHA-256")


def test_a_wrong_password_under_scram_is_refused_and_nothing_is_sent():
    to = unique("sasl-wrong")
    r = run_diagram(chain(to, "Auto"), env={"PW": "not-the-password"})
    assert_eq(r.code != 0, True, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "authentication", repr(err))
    assert_eq(err["code"], 535, repr(err))
    # SCRAM refused, so Auto tries the next offered mechanism once, and no more.
    assert_in("SCRAM-SHA-256 refused (535); trying SCRAM-SHA-1 once", r.stderr, "one fallback")
    assert_eq(r.stderr.count("C: AUTH "), 2, "two attempts in all")
    assert_not_delivered(to, "a message after a refused sign-in")


def test_anonymous_where_the_server_allows_it():
    # Dovecot lets ANONYMOUS in as plain@mailblock.test (auth_anonymous_username); Postfix does not offer it, so Send
    # email goes without a login and Save to Sent alone signs in anonymously.
    to = unique("sasl-anonymous")
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "security": "None", "sender_email": USER,
            "recipient": to, "subject": "anonymous", "body": "x"}
    save = {"sent_message": {"$link": "send.sent_message"}, "server": S["MB_HOST"], "port": S["MB_IMAP_PORT"],
            "security": "STARTTLS", "ca_file": S["MB_CA_FILE"], "login": "robot-trace", "auth_method": "ANONYMOUS",
            "folder": "Sent"}
    r = run_diagram({"start": {"next": "send", "message_level": "Detailed", "language": "en"},
                     "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                                "save": {"type": "mail.save_to_sent", "inputs": save}}})
    assert_eq(r.code, 0, repr(r))
    assert_in("AUTHENTICATE ANONYMOUS", r.stderr, "IMAP mechanism")
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "the copy is stored")
    assert_eq(len(sent_copies("plain@mailblock.test", ".Sent", to)), 1, "in the anonymous account's Sent")


tests(globals())
