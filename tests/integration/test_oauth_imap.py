"""Save to Sent with an OAuth2 credential NAME against a scripted IMAP server, which shows the exact bytes (the
whole chain against Dovecot is test_oauth_real_servers.py): the exact XOAUTH2 string, and a token the server
refuses (a "+" challenge with an error JSON, answered with an empty line, then NO) refreshed exactly once and the
copy stored; a token refused again fails clearly; OAUTHBEARER when it is all a server offers, without SASL-IR."""
import os
import re

from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, tests
from oauth_server import OAuthServer
from oauth_support import REFUSED_CHALLENGE, USER, Home, no_secrets, oauthbearer, plant_refused_token, xoauth2
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

GREETING = "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2 UIDPLUS SPECIAL-USE] scripted IMAP ready"



def smtp_accepts_one():
    return greeting_and_ehlo() + [
        ("expect", r"MAIL FROM:<robot@example\.org>.*"), ("send", "250 2.1.0 Ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 2.1.5 Ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as Q1"),
        ("expect", "QUIT"), ("send", "221 bye")]


def imap_refuses(token):
    return [("send", GREETING), ("expect", r"A1 AUTHENTICATE XOAUTH2 " + xoauth2(token)), ("send", "+ " + REFUSED_CHALLENGE),
            ("expect", ""), ("send", "A1 NO [AUTHENTICATIONFAILED] Invalid credentials"), ("close",)]


def imap_stores_with(token):
    return [("send", GREETING), ("expect", r"A1 AUTHENTICATE XOAUTH2 " + xoauth2(token))] + signed_in_and_stored()


def signed_in_and_stored():
    """After A1 signed in: the Sent folder found, no copy there yet, the copy appended with UID 42."""
    return [("send", "A1 OK [CAPABILITY IMAP4rev1 UIDPLUS SPECIAL-USE] signed in"),
            ("expect", r'A2 LIST "" "\*" RETURN \(SPECIAL-USE\)'), ("send", r'* LIST (\HasNoChildren \Sent) "/" Sent'),
            ("send", "A2 OK listed"),
            ("expect", r'A3 EXAMINE "Sent"'), ("send", "* 0 EXISTS"), ("send", "A3 OK [READ-ONLY] examined"),
            ("expect", r"A4 UID SEARCH HEADER Message-ID .*"), ("send", "* SEARCH"), ("send", "A4 OK searched"),
            ("expect", "A5 CLOSE"), ("send", "A5 OK closed"),
            ("expect", r'A6 APPEND "Sent" \(\\Seen\) .* \{\d+\}'), ("send", "+ go"), ("literal",),
            ("send", "A6 OK [APPENDUID 7 42] stored"), ("expect", "A7 LOGOUT"), ("send", "* BYE"), ("send", "A7 OK bye")]


def bearer_only(token, port, then):
    """A server with AUTH=OAUTHBEARER only and no SASL-IR: the payload must wait for the "+" prompt."""
    greeting = "* OK [CAPABILITY IMAP4rev1 AUTH=OAUTHBEARER UIDPLUS SPECIAL-USE] scripted IMAP ready"
    return [("send", greeting), ("expect", "A1 AUTHENTICATE OAUTHBEARER"), ("send", "+ "),
            ("expect", re.escape(oauthbearer(token, port)))] + then


def chain(smtp_port, imap_port):
    send = {"server": "127.0.0.1", "port": smtp_port, "security": "None", "sender_email": USER,
            "recipient": "to@example.org", "subject": "OAuth IMAP", "body": "hi", "connection_pool": False}
    save = {"sent_message": {"$link": "send.sent_message"}, "server": "127.0.0.1", "port": imap_port,
            "security": "None", "allow_insecure_auth": True, "oauth_credential": "work", "timeout": 5}
    return {"start": {"next": "send", "message_level": "Detailed", "language": "en"},
            "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                       "save": {"type": "mail.save_to_sent", "inputs": save}}}


def test_a_refused_imap_token_is_refreshed_once_and_the_copy_stored():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp(smtp_accepts_one()) as smtp, \
            ScriptedSmtp(imap_refuses("AT-refused"), imap_stores_with("AT-new")) as imap:
        plant_refused_token(home, oauth)
        r = run_diagram(chain(smtp.port, imap.port), env=home.env(oauth))
        assert_eq(imap.errors, [], "IMAP dialog")
        assert_eq(r.code, 0, repr(r))
        assert_eq(oauth.refreshes, 1, "exactly one refresh")
        assert_eq(r.block("save")["outputs"]["uid"], 42, "stored, with the UID the server gave")
        assert_eq(len(imap.messages), 1, "one copy appended")
        assert_in("the challenge is declined", r.stderr, "the empty answer to the challenge is in the Detailed log")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_an_oauthbearer_only_server_without_sasl_ir_gets_the_payload_after_its_prompt():
    home = Home()
    refusal = [("send", "+ " + REFUSED_CHALLENGE), ("expect", "AQ=="),
               ("send", "A1 NO [AUTHENTICATIONFAILED] Invalid credentials"), ("close",)]
    with OAuthServer() as oauth, ScriptedSmtp(smtp_accepts_one()) as smtp, ScriptedSmtp() as imap:
        imap.scripts = [bearer_only("AT-refused", imap.port, refusal),
                        bearer_only("AT-new", imap.port, signed_in_and_stored())]
        plant_refused_token(home, oauth)
        r = run_diagram(chain(smtp.port, imap.port), env=home.env(oauth))
        assert_eq(imap.errors, [], "IMAP dialog")
        assert_eq(r.code, 0, repr(r))
        assert_eq(oauth.refreshes, 1, "exactly one refresh")
        assert_eq(r.block("save")["outputs"]["uid"], 42, "stored")
        assert_in("C: AQ== (the challenge is declined)", r.stderr, "the %x01 answer is in the Detailed log")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_token_given_directly_and_refused_gets_token_advice():
    # The Access token port: nothing can renew it, so no retry, and the hint says how to get one that renews.
    with ScriptedSmtp(smtp_accepts_one()) as smtp, ScriptedSmtp(imap_refuses("AT-given")) as imap:
        diagram = chain(smtp.port, imap.port)
        save = diagram["blocks"]["save"]["inputs"]
        del save["oauth_credential"]
        save.update(login=USER, access_token={"$env": "GIVEN_TOKEN"})
        r = run_diagram(diagram, env={"GIVEN_TOKEN": "AT-given"})
        assert_eq(imap.errors, [], "IMAP dialog")
        err = r.block("save")["error"]
        assert_eq(err["kind"], "authentication", repr(r))
        assert_eq(imap.connections, 1, "no second attempt with the same token")
        assert_in("OAuth2 credential", err["hint"], "how to have a token that renews itself")
        assert_not_in("application password", err["hint"], "no password advice for a token")
        assert_not_in("AT-given", r.stdout + r.stderr, "the token printed")


def test_an_imap_token_refused_again_fails_after_one_refresh():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp(smtp_accepts_one()) as smtp, \
            ScriptedSmtp(imap_refuses("AT-refused"), imap_refuses("AT-new")) as imap:
        plant_refused_token(home, oauth)
        r = run_diagram(chain(smtp.port, imap.port), env=home.env(oauth))
        err = r.block("save")["error"]
        assert_eq(err["kind"], "authentication", repr(r))
        assert_eq(oauth.refreshes, 1, "one refresh, not a loop")
        assert_eq(imap.connections, 2, "two sign-ins")
        assert_in("delivered", err["message"], "the message itself was sent")
        assert_in("--save work", err["hint"], "OAuth advice: sign in again")
        assert_not_in("application password", err["hint"], "no password advice for a token")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_server_without_a_token_mechanism_is_told_apart_from_a_refused_token():
    # It would answer XOAUTH2 with "unsupported mechanism": before, that passed for a refused token (one refresh
    # wasted, then "sign in again"). The mechanism is chosen from CAPABILITY, and none fits here.
    home = Home()
    no_oauth = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN UIDPLUS SPECIAL-USE] scripted IMAP without OAuth"
    unsupported = [("send", no_oauth), ("expect", r"A1 .*"), ("send", "A1 NO Unsupported authentication mechanism"),
                   ("close",)]
    with OAuthServer() as oauth, ScriptedSmtp(smtp_accepts_one()) as smtp, ScriptedSmtp(unsupported, unsupported) as imap:
        plant_refused_token(home, oauth)
        r = run_diagram(chain(smtp.port, imap.port), env=home.env(oauth))
        err = r.block("save")["error"]
        assert_eq(err["kind"], "authentication", repr(r))
        assert_in("neither XOAUTH2 nor OAUTHBEARER (it offers: PLAIN LOGIN)", err["message"], "says none fits")
        assert_in("password", err["hint"], "what to do instead")
        assert_eq(oauth.refreshes, 0, "no refresh for a token never sent")
        assert_eq(imap.connections, 1, "no second attempt")
        assert_eq([l for l in imap.received if "AUTHENTICATE" in l], [], "no token sent")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_store_open_to_others_gets_the_chmod_hint_not_a_sign_in_hint():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp(smtp_accepts_one()) as smtp, ScriptedSmtp() as imap:
        plant_refused_token(home, oauth)
        os.chmod(home.store, 0o644)
        r = run_diagram(chain(smtp.port, imap.port), env=home.env(oauth))
        err = r.block("save")["error"]
        assert_eq(err["kind"], "invalid_input", repr(r))
        assert_in("open to other users (mode 644)", err["message"], "what is wrong")
        assert_in("chmod 600 " + home.store, err["hint"], "what to do")
        assert_not_in("Sign in once", err["hint"], "signing in would not help")
        assert_eq(imap.connections, 0, "nothing connected")
        no_secrets(home, oauth, r.stdout + r.stderr)


if __name__ == "__main__":
    tests(globals())
