"""Security "Auto" upgrades (common/security_mode.hpp has the table): against the real Postfix and Dovecot, a server
that offers STARTTLS gets the message only after STARTTLS (certificate verified, no fallback to plain text when it
fails), a login is sent only over TLS (or where "Allow credentials without encryption" says so), a server without
STARTTLS gets a message without a login in plain text,
and None stays the explicit way to send in plain text. A scripted IMAP server shows Save to Sent's side where
Dovecot cannot: no STARTTLS on offer."""
import re

from imap_scripts import chain, signed_in_and_stored
from mbtest import assert_eq, assert_in, assert_not_in, delivered, run_diagram, send_diagram, servers, tests, unique
from scripted_smtp import ScriptedSmtp

S = servers()
ENV = {"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]}


def send(port, login=False, **extra):
    to = unique("auto")
    inputs = {"server": S["MB_HOST"], "port": port, "ca_file": S["MB_CA_FILE"], "sender_email": S["MB_SMTP_USER"],
              "recipient": to, "subject": "Auto security", "body": "Auto upgrades.", "connection_pool": False}
    if login:
        inputs.update(login=S["MB_SMTP_USER"], password={"$env": "SMTP_PASSWORD"})
    inputs.update(extra)
    r = run_diagram(send_diagram(inputs, start={"message_level": "Detailed", "language": "en"}), env=ENV)
    return to, r


def received_with(raw):
    """The protocol Postfix wrote into its Received header: ESMTPS / ESMTPSA over TLS, ESMTP / ESMTPA without."""
    m = re.search(rb"Received: from .*?\bwith (E?SMTP\w*)", raw, re.S)
    assert m, f"no Received header in {raw[:400]!r}"
    return m.group(1).decode()


def assert_delivered_with(protocol, port, **extra):
    """Sent and delivered, received by Postfix with `protocol`; STARTTLS in the dialog exactly when it is ESMTPS(A)."""
    to, r = send(port, **extra)
    assert_eq(r.code, 0, repr(r))
    assert_eq("C: STARTTLS" in r.stderr, protocol.startswith("ESMTPS"), f"STARTTLS in the dialog: {r.stderr}")
    assert_eq(received_with(delivered(to)[0]), protocol, "how Postfix received it")


def test_auto_upgrades_with_starttls_when_the_server_offers_it():
    # Postfix's opportunistic port offers STARTTLS and takes mail from loopback without a login.
    assert_delivered_with("ESMTPS", S["MB_SMTP_OPTTLS_PORT"])
    assert_delivered_with("ESMTPS", S["MB_SMTP_OPTTLS_PORT"], security="Auto", ssl=False)


def test_auto_never_falls_back_to_plain_text_when_the_certificate_is_not_trusted():
    to, r = send(S["MB_SMTP_OPTTLS_PORT"], ca_file="")
    err = r.block("send")["error"]
    assert_eq(err["kind"], "tls", repr(r))
    assert_not_in("C: MAIL FROM", r.stderr, "nothing sent after the failed handshake")


def test_auto_signs_in_over_starttls_on_the_submission_port():
    # Before: Auto on a port other than 587 with the SSL flag off stayed in plain text and refused the login.
    assert_delivered_with("ESMTPSA", S["MB_SMTP_STARTTLS_PORT"], login=True)


def test_auto_without_starttls_on_offer_sends_without_a_login_in_plain_text():
    assert_delivered_with("ESMTP", S["MB_SMTP_PLAIN_PORT"])


def test_auto_without_starttls_on_offer_never_sends_the_login():
    to, r = send(S["MB_SMTP_PLAIN_PORT"], login=True)
    err = r.block("send")["error"]
    assert_eq(err["kind"], "insecure_auth", repr(r))
    assert_in("not encrypted", err["message"], "the reason")
    assert_not_in("C: AUTH", r.stderr, "no login sent")
    assert_not_in("C: MAIL FROM", r.stderr, "nothing sent")


def test_none_stays_plain_text_even_where_starttls_is_offered():
    assert_delivered_with("ESMTP", S["MB_SMTP_OPTTLS_PORT"], security="None")


def save_to_dovecot(**save):
    user = "robot@mailblock.test"
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "security": "None", "sender_email": user,
            "recipient": unique("auto-imap"), "subject": "Auto IMAP", "body": "x"}
    inputs = {"sent_message": {"$link": "send.sent_message"}, "server": S["MB_HOST"], "port": S["MB_IMAP_PORT"],
              "ca_file": S["MB_CA_FILE"], "login": user, "password": {"$env": "SMTP_PASSWORD"}}
    inputs.update(save)
    return run_diagram({"start": {"next": "send", "message_level": "Detailed", "language": "en"},
                        "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                                   "save": {"type": "mail.save_to_sent", "inputs": inputs}}}, env=ENV)


def test_save_to_sent_auto_upgrades_with_starttls_on_dovecot():
    for ssl in (False, True):
        r = save_to_dovecot(security="Auto", ssl=ssl)
        assert_eq(r.code, 0, f"SSL {ssl}: {r!r}")
        assert_in("[save] C: A1 STARTTLS", r.stderr, f"SSL {ssl}: STARTTLS first")
        assert_eq(r.block("save")["outputs"]["outcome"], "stored", f"SSL {ssl}: stored")


def test_save_to_sent_auto_never_falls_back_when_the_certificate_is_not_trusted():
    r = save_to_dovecot(security="Auto", ssl=False, ca_file="")
    err = r.block("save")["error"]
    assert_eq(err["kind"], "tls", repr(r))
    assert_not_in("AUTHENTICATE", r.stderr, "no sign-in after the failed handshake")


NO_STARTTLS = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SPECIAL-USE UIDPLUS] scripted IMAP without STARTTLS"


def test_save_to_sent_auto_refuses_to_sign_in_where_no_starttls_is_offered():
    with ScriptedSmtp([("send", NO_STARTTLS), ("expect", "A1 LOGOUT|.*"), ("close",)]) as imap:
        r = run_diagram(chain(imap.port, security="Auto", ssl=False), env={"IMAP_PASSWORD": "Plain-Pw-77"})
    err = r.block("save")["error"]
    assert_eq(err["kind"], "insecure_auth", repr(r))
    assert_in("not encrypted", err["message"], "the reason")
    assert_eq([l for l in imap.received if "AUTHENTICATE" in l or "LOGIN " in l], [], "no sign-in sent")
    assert_not_in("Plain-Pw-77", r.stdout + r.stderr, "password printed")


def test_save_to_sent_auto_signs_in_in_plain_text_only_when_explicitly_allowed():
    script = [("send", NO_STARTTLS), ("expect", r"A1 AUTHENTICATE PLAIN"), ("send", "+ "), ("expect", r"\S+"),
              ("send", "A1 OK [CAPABILITY IMAP4rev1 SPECIAL-USE UIDPLUS] signed in")] + signed_in_and_stored(2)
    with ScriptedSmtp(script) as imap:
        r = run_diagram(chain(imap.port, security="Auto", ssl=False, allow_insecure_auth=True),
                        env={"IMAP_PASSWORD": "Plain-Pw-77"})
    assert_eq(imap.errors, [], "IMAP dialog")
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "stored")


if __name__ == "__main__":
    tests(globals())
