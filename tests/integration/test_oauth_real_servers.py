"""OAuth2 end to end against the real servers: a person signs in once (`rpa oauth login`, the test plays the
browser), then Send email delivers through Postfix and Save to Sent files the copy in Dovecot, both signing in
with XOAUTH2 (Send email also with OAUTHBEARER). Dovecot (and Postfix through Dovecot's SASL) asks the token-info endpoint about every token, like a
provider's mail server; a token the endpoint does not know is refused as a revoked one is."""
import hashlib
import os
import subprocess
import uuid

from mbtest import RPA, assert_eq, assert_in, assert_not_delivered, delivered, parse, postfix_record, run_diagram, sent_copies, servers, tests, unique
from oauth_server import OAuthServer
from oauth_support import CLIENT_SECRET, Home, login_via_browser, no_secrets

S = servers()
ACCOUNT = S["MB_SMTP_USER"]
SENT_FOLDER = ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"  # "Отправленные"


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def accept_issued_tokens(oauth):
    """Every access token the authorization server issues from now on is one the mail servers accept."""
    original = oauth.issue

    def issue(refresh=True):
        answer = original(refresh)
        with open(os.path.join(S["MB_OAUTH_TOKENS_DIR"], digest(answer["access_token"])), "w") as f:
            f.write(ACCOUNT)
        return answer
    oauth.issue = issue


def checked_by_the_servers(token):
    """How many times the mail servers asked the token-info endpoint about `token`."""
    with open(os.path.join(S["MB_OAUTH_TOKENS_DIR"], "asked.log")) as f:
        return f.read().split().count(digest(token))


def chain(to, send_extra=None):
    tls = {"server": S["MB_HOST"], "security": "STARTTLS", "ca_file": S["MB_CA_FILE"], "oauth_credential": "work"}
    send = {**tls, "port": S["MB_SMTP_STARTTLS_PORT"], "sender_email": ACCOUNT, "recipient": to,
            "subject": "Вход по OAuth2", "body": "Пароль не хранится.", "connection_pool": False, **(send_extra or {})}
    save = {**tls, "port": S["MB_IMAP_PORT"], "sent_message": {"$link": "send.sent_message"}}
    return {"start": {"next": "send", "message_level": "Detailed", "language": "en", "error_level": "Ignore"},
            "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                       "save": {"type": "mail.save_to_sent", "inputs": save}}}


def test_sign_in_once_then_postfix_delivers_and_dovecot_files_the_copy():
    home = Home()
    with OAuthServer(account=ACCOUNT, client_secret=CLIENT_SECRET) as oauth:
        accept_issued_tokens(oauth)
        code, _, _, out, err = login_via_browser(home, oauth)
        assert_eq(code, 0, out + err)
        assert_eq(home.read()["work"]["account"], ACCOUNT, "the account the sign-in found")
        to = unique("oauth-real")
        r = run_diagram(chain(to), env=home.env(oauth))
        assert_eq(r.code, 0, repr(r))
        assert_eq(r.block("send").get("error"), None, "Send email")
        assert_eq(r.block("save")["outputs"]["outcome"], "stored", "Save to Sent")
        assert_eq(parse(delivered(to)[0])["Subject"], "Вход по OAuth2", "the delivered message")
        assert_eq(len(sent_copies(ACCOUNT, SENT_FOLDER, to)), 1, "one copy in Отправленные")
        token = home.read()["work"]["access_token"]
        assert_eq(checked_by_the_servers(token), 2, "Postfix and Dovecot each checked the token")
        assert_eq(oauth.refreshes, 0, "the token from the sign-in is used, not refreshed")
        queue_id = r.block("send")["outputs"]["sent_message"]["queue_id"]
        assert_in(f"sasl_method=XOAUTH2, sasl_username={ACCOUNT}", postfix_record(queue_id), "Postfix's record")
        no_secrets(home, oauth, r.stdout + r.stderr + out + err)


def test_oauthbearer_asked_for_signs_in_to_postfix():
    home = Home()
    with OAuthServer(account=ACCOUNT) as oauth:
        home.write("work", oauth, "RT-first", "", expires_in=0, account=ACCOUNT)
        accept_issued_tokens(oauth)
        to = unique("oauth-bearer")
        r = run_diagram(chain(to, {"auth_method": "OAUTHBEARER"}), env=home.env(oauth))
        assert_eq(r.code, 0, repr(r))
        delivered(to)
        queue_id = r.block("send")["outputs"]["sent_message"]["queue_id"]
        assert_in(f"sasl_method=OAUTHBEARER, sasl_username={ACCOUNT}", postfix_record(queue_id), "Postfix's record")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_check_smtp_with_a_saved_sign_in():
    home = Home()
    with OAuthServer(account=ACCOUNT) as oauth:
        home.write("work", oauth, "RT-first", "", expires_in=0, account=ACCOUNT)
        accept_issued_tokens(oauth)
        r = subprocess.run([RPA, "check-smtp", "--server", S["MB_HOST"], "--port", S["MB_SMTP_STARTTLS_PORT"],
                            "--security", "STARTTLS", "--ca-file", S["MB_CA_FILE"], "--from", ACCOUNT,
                            "--oauth-credential", "work", "--lang", "en"],
                           capture_output=True, text=True, env=home.env(oauth), timeout=60)
        assert_eq(r.returncode, 0, r.stdout + r.stderr)
        assert_in("ok   auth", r.stdout, "the auth stage passed")
        assert_in("XOAUTH2", r.stdout, "with XOAUTH2")
        no_secrets(home, oauth, r.stdout + r.stderr)
    for args, said in ((["--oauth-credential", "work"], "needs --from"),
                       (["--oauth-credential", "work", "--password-env", "X", "--from", ACCOUNT], "exclude each other")):
        r = subprocess.run([RPA, "check-smtp", "--server", S["MB_HOST"], *args], capture_output=True, text=True)
        assert_eq(r.returncode, 2, r.stderr)  # rpa's exit code for a command used wrongly
        assert_in(said, r.stderr, "the mistake is named")


def test_a_token_the_servers_refuse_is_refreshed_once_for_both_blocks():
    home = Home()
    with OAuthServer(account=ACCOUNT) as oauth:
        planted = "AT-refused-" + uuid.uuid4().hex[:12]  # unique: the token-info log outlives one run
        home.write("work", oauth, "RT-first", planted, expires_in=3600, account=ACCOUNT)
        accept_issued_tokens(oauth)
        to = unique("oauth-refused")
        r = run_diagram(chain(to), env=home.env(oauth))
        assert_eq(r.code, 0, repr(r))
        assert_eq(r.block("send").get("error"), None, "Send email")
        assert_eq(r.block("save")["outputs"]["outcome"], "stored", "Save to Sent")
        delivered(to)
        assert_eq(oauth.refreshes, 1, "one refresh: Save to Sent uses the token Send email renewed")
        assert_eq(checked_by_the_servers(planted), 1, "Postfix refused the planted token")
        assert_eq(checked_by_the_servers(oauth.access_tokens[-1]), 2, "and accepted the new one, as did Dovecot")
        assert_eq(len(sent_copies(ACCOUNT, SENT_FOLDER, to)), 1, "one copy in Отправленные")
        no_secrets(home, oauth, r.stdout + r.stderr)


def test_tokens_the_servers_never_accept_fail_clearly_after_one_refresh():
    # The authorization server issues tokens the mail server does not take (a missing mail scope looks like this).
    # Both mechanisms: each refusal is an error challenge that must be answered before Postfix's 535.
    for method in ("XOAUTH2", "OAUTHBEARER"):
        home = Home()
        with OAuthServer(account=ACCOUNT) as oauth:
            home.write("work", oauth, "RT-first", "AT-refused", expires_in=3600, account=ACCOUNT)
            to = unique("oauth-never")
            r = run_diagram(chain(to, {"auth_method": method}), env=home.env(oauth))
            err = r.block("send")["error"]
            assert_eq(err["kind"], "authentication", f"{method}: {err}")
            assert_eq(err["code"], 535, f"{method}: Postfix's reply code")
            assert_eq(oauth.refreshes, 1, f"{method}: refreshed once, not in a loop")
            assert_in('OAuth2 token of "work"', err["hint"], "the hint names the credential")
            assert_in("https://mail.google.com/", err["hint"], "the hint names the mail scope")
            assert_in("--save work", err["hint"], "and how to sign in again")
            assert_not_delivered(to, f"{method}: a message was delivered")
            no_secrets(home, oauth, r.stdout + r.stderr)


tests(globals())
