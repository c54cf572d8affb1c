"""The blocks with an OAuth2 credential NAME (oauth_credential port): cached token, refresh with rotation,
one refresh and retry when the server refuses the token, invalid_grant, slow and malformed token endpoints,
expiry in the middle of `rpa run --each`, two processes refreshing at once (the lock), no secret in output.
The scripted SMTP server checks the exact XOAUTH2 string of each token."""
import csv
import os
import re
import subprocess
import tempfile

from mbtest import RPA, assert_eq, assert_in, assert_not_in, run_diagram, send_diagram, tests
from oauth_server import OAuthServer
from oauth_support import (REFUSED_CHALLENGE, USER, Home, fixed_issue, no_secrets, oauthbearer, plant_refused_token,
                           xoauth2)
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo


def accepted(token, queue="Q1"):
    """One connection: AUTH with exactly this token, one message, QUIT."""
    return greeting_and_ehlo(["AUTH XOAUTH2"]) + [
        ("expect", "AUTH XOAUTH2 " + xoauth2(token)), ("send", "235 2.7.0 Accepted"),
        ("expect", r"MAIL FROM:<robot@example\.org>.*"), ("send", "250 2.1.0 Ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 2.1.5 Ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", f"250 2.0.0 Ok: queued as {queue}"),
        ("expect", "QUIT"), ("send", "221 bye")]


def refused(token):
    return greeting_and_ehlo(["AUTH XOAUTH2"]) + [
        ("expect", "AUTH XOAUTH2 " + xoauth2(token)), ("send", "334 " + REFUSED_CHALLENGE),
        ("expect", ""), ("send", "535 5.7.8 Username and Password not accepted"), ("expect", "QUIT|"), ("close",)]


def bearer_refused_then_accepted(token, new_token, port):
    """A server offering only OAUTHBEARER: refuses `token` (its error challenge must get %x01 back), then takes
    `new_token` and one message."""
    opening = greeting_and_ehlo(["AUTH PLAIN OAUTHBEARER"])
    refused_dialog = opening + [
        ("expect", "AUTH OAUTHBEARER " + re.escape(oauthbearer(token, port))), ("send", "334 " + REFUSED_CHALLENGE),
        ("expect", "AQ=="), ("send", "535 5.7.8 Invalid token"), ("expect", "QUIT|"), ("close",)]
    accepted_dialog = opening + [
        ("expect", "AUTH OAUTHBEARER " + re.escape(oauthbearer(new_token, port))), ("send", "235 2.7.0 Accepted"),
        ("expect", r"MAIL FROM:<robot@example\.org>.*"), ("send", "250 2.1.0 Ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 2.1.5 Ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as OB1"),
        ("expect", "QUIT"), ("send", "221 bye")]
    return [refused_dialog, accepted_dialog]


def diagram(port, extra=None):
    # No login: it comes from the credential's account.
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "allow_insecure_auth": True,
              "oauth_credential": "work", "sender_email": USER, "recipient": "to@example.org", "subject": "OAuth",
              "body": "hi", "timeout": 5, "connection_pool": False}
    inputs.update(extra or {})
    return send_diagram(inputs, start={"message_level": "Detailed"})


def run(home, oauth, smtp, extra=None):
    return run_diagram(diagram(smtp.port, extra), env=home.env(oauth))


def test_a_valid_cached_token_is_used_without_a_refresh():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp(accepted("AT-cached")) as smtp:
        home.write("work", oauth, "RT-first", "AT-cached", expires_in=3600)
        r = run(home, oauth, smtp)
        assert_eq(smtp.errors, [], "dialog")
        assert_eq(r.code, 0, repr(r))
        assert_eq(oauth.refreshes, 0, "refreshes")
        assert_in('cached access token, valid', r.stderr, "debug line")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_token_expiring_within_a_minute_is_refreshed_and_the_rotated_refresh_token_stored():
    home = Home()
    with OAuthServer() as oauth:
        home.write("work", oauth, "RT-first", "AT-cached", expires_in=59)
        oauth.issue = fixed_issue(oauth, "AT-new")
        with ScriptedSmtp(accepted("AT-new")) as smtp:
            r = run(home, oauth, smtp)
            assert_eq(smtp.errors, [], "dialog")
            assert_eq(r.code, 0, repr(r))
        entry = home.read()["work"]
        assert_eq(oauth.refreshes, 1, "refreshes")
        assert_eq(entry["access_token"], "AT-new", "new access token cached")
        assert entry["refresh_token"] != "RT-first", "rotated refresh token stored"
        assert_in(entry["refresh_token"], oauth.refresh_tokens, "the stored refresh token is the live one")
        assert_eq(oct(home.mode()), oct(0o600), "store mode after the rewrite")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_refused_token_is_refreshed_once_and_the_send_retried():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp(refused("AT-refused"), accepted("AT-new")) as smtp:
        plant_refused_token(home, oauth)
        r = run(home, oauth, smtp)
        assert_eq(smtp.errors, [], "dialog")
        assert_eq(r.code, 0, repr(r))
        assert_eq(oauth.refreshes, 1, "exactly one refresh")
        assert_eq(len(smtp.messages), 1, "one message delivered")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_server_offering_only_oauthbearer_gets_it_and_a_refusal_is_answered_as_rfc_7628_asks():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp() as smtp:
        smtp.scripts = bearer_refused_then_accepted("AT-refused", "AT-new", smtp.port)
        plant_refused_token(home, oauth)
        r = run(home, oauth, smtp)
        assert_eq(smtp.errors, [], "dialog")
        assert_eq(r.code, 0, repr(r))
        assert_eq(oauth.refreshes, 1, "exactly one refresh")
        assert_in("AUTH OAUTHBEARER as robot@example.org", r.stderr, "Auto chose OAUTHBEARER")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_token_refused_again_fails_after_exactly_one_refresh():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp(refused("AT-refused"), refused("AT-new")) as smtp:
        plant_refused_token(home, oauth)
        r = run(home, oauth, smtp)
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "authentication", "kind")
        assert_in("https://mail.google.com/", err["hint"], "OAuth advice: the mail scope")
        assert_in("--save work", err["hint"], "OAuth advice: sign in again")
        assert_not_in("пароль приложения", err["hint"], "no application-password advice for a token")
        assert_eq(oauth.refreshes, 1, "exactly one refresh")
        assert_eq(smtp.connections, 2, "two attempts")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_invalid_grant_says_to_sign_in_again():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp() as smtp:
        home.write("work", oauth, "RT-first", "", expires_in=0)
        oauth.refresh_tokens.clear()  # revoked at the provider
        r = run(home, oauth, smtp, {"error_level": "Ignore"})
        err = r.block("send")["error"]
        assert_eq(err["kind"], "authentication", "kind")
        assert_in("invalid_grant", err["message"], "message")
        assert_in("rpa oauth login --provider ... --client-id ... --save work", err["hint"], "hint")
        assert_eq(smtp.connections, 0, "no SMTP connection without a token")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_slow_and_malformed_token_endpoints_fail_clearly():
    home = Home()
    with OAuthServer() as oauth, ScriptedSmtp() as smtp:
        home.write("work", oauth, "RT-first", "", expires_in=0)
        oauth.slow = 3
        r = run(home, oauth, smtp, {"timeout": 1, "error_level": "Ignore"})
        assert_in("did not answer within 1 s", r.block("send")["error"]["message"], "slow")
        oauth.slow = 0
        oauth.malformed = True
        r = run(home, oauth, smtp, {"error_level": "Ignore"})
        assert_in("not JSON", r.block("send")["error"]["message"], "malformed")
        assert_eq(home.read()["work"]["refresh_token"], "RT-first", "the refresh token is kept")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_a_token_expiring_in_the_middle_of_a_mailing_is_refreshed_once():
    """rpa run --each: the server stops taking the first token at row 2 (it expired there); one refresh,
    then rows 2 and 3 go with the new token."""
    home = Home()
    with OAuthServer() as oauth:
        home.write("work", oauth, "RT-first", "AT-cached", expires_in=3600)
        oauth.issue = fixed_issue(oauth, "AT-new")
        scripts = [accepted("AT-cached", "R1"), refused("AT-cached"), accepted("AT-new", "R2"), accepted("AT-new", "R3")]
        with ScriptedSmtp(*scripts) as smtp, tempfile.TemporaryDirectory() as tmp:
            rows = os.path.join(tmp, "rows.csv")
            with open(rows, "w", newline="") as f:
                csv.writer(f).writerows([["subject"], ["one"], ["two"], ["three"]])
            r = run_diagram(diagram(smtp.port, {"subject": {"$var": "subject"}}), env=home.env(oauth),
                            extra_args=["--each", rows])
            assert_eq(smtp.errors, [], "dialog")
            assert_eq(r.code, 0, repr(r))
            assert_eq(len(smtp.messages), 3, "three messages")
            assert_eq(oauth.refreshes, 1, "one refresh for the whole mailing")
            no_secrets(home, oauth, r.stdout + r.stderr)


def test_two_processes_refreshing_at_once_spend_the_refresh_token_once():
    """Rotation: a second refresh with the spent token would be invalid_grant. With the lock, the second
    process finds the token the first one stored and does not refresh."""
    home = Home()
    with OAuthServer() as oauth:
        home.write("work", oauth, "RT-first", "", expires_in=0)
        oauth.slow = 1  # both processes are waiting for the token endpoint at the same time, without the lock
        oauth.issue = fixed_issue(oauth, "AT-new")
        with ScriptedSmtp(accepted("AT-new", "A"), accepted("AT-new", "B")) as smtp:
            d = diagram(smtp.port)
            procs = []
            for _ in range(2):
                fd, path = tempfile.mkstemp(suffix=".json")
                with os.fdopen(fd, "w") as f:
                    import json
                    json.dump(d, f)
                procs.append(subprocess.Popen([RPA, "run", path, "--json"], env=home.env(oauth),
                                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
            outputs = [p.communicate(timeout=60) for p in procs]
            for p, (out, err) in zip(procs, outputs):
                assert_eq(p.returncode, 0, out + err)
                no_secrets(home, oauth, out + err)
            assert_eq(oauth.refreshes, 1, "one refresh for both processes")
            assert_eq(len(smtp.messages), 2, "both sent")


tests(globals())
