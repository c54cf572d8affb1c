"""`rpa oauth login|list|logout` against the local authorization server: authorization code with PKCE and a
loopback redirect (the test plays the browser with urllib), the device flow with authorization_pending and
slow_down, the credential store's mode, revocation, and no secret in any output."""
import os
import urllib.error
import urllib.parse
import urllib.request

from mbtest import assert_eq, assert_in, assert_not_in, tests
from oauth_server import OAuthServer
from oauth_support import CLIENT_SECRET as SECRET, Home, first_url, login_via_browser, rpa_oauth, start_login


def no_secrets(server, text):
    for secret in [SECRET] + server.access_tokens + list(server.refresh_tokens):
        assert_not_in(secret, text, "a secret in the output")
    for path, form in server.requests:
        for key in ("code", "code_verifier"):
            if form.get(key):
                assert_not_in(form[key], text, key + " in the output")


def test_login_with_pkce_and_loopback_redirect_stores_a_private_credential():
    home = Home()
    with OAuthServer(client_secret=SECRET) as server:
        code, url, page, out, err = login_via_browser(home, server)
        assert_eq(code, 0, out + err)
        assert_in("Signed in", page, "the browser's page")
        assert_in("redirect_uri=http%3A%2F%2F127.0.0.1%3A", url, "loopback redirect")
        assert_in("access_type=offline", url, "gmail's table parameters")
        assert_in("scope=https%3A%2F%2Fmail.google.com%2F+openid+email".replace("+", "%20"), url, "default scopes")
        token_posts = [f for p, f in server.requests if p == "/token"]
        assert_eq(len(token_posts), 1, "one code exchange")
        assert_eq(len(token_posts[0]["code_verifier"]), 43, "verifier length")
        assert_eq(oct(home.mode()), oct(0o600), "store mode")
        entry = home.read()["work"]
        assert_eq(entry["account"], "robot@example.org", "account from the id_token")
        assert_eq(entry["provider"], "gmail", "provider")
        assert_in(entry["refresh_token"], server.refresh_tokens, "refresh token stored")
        assert_eq(entry["client_secret"], SECRET, "client secret stored")
        assert_in('Saved "work" (gmail, robot@example.org)', out, "result line")
        no_secrets(server, out + err)


def test_a_redirect_with_another_state_is_refused_and_nothing_stored():
    home = Home()
    with OAuthServer(client_secret=SECRET) as server:
        proc = start_login(home, server, "--provider", "gmail", "--client-id", "cid", "--client-secret", SECRET,
                           "--save", "work", "--timeout", "20")
        url = first_url(proc, server.base + "/authorize?")
        redirect = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["redirect_uri"][0]
        try:
            urllib.request.urlopen(redirect + "?code=forged&state=not-yours", timeout=20)
        except urllib.error.HTTPError as e:
            assert_eq(e.code, 400, "forged redirect answer")
        out, err = proc.communicate(timeout=30)
        assert_eq(proc.returncode, 1, out + err)
        assert_in("state does not match", err, "error")
        assert_eq(os.path.exists(home.store), False, "nothing stored")
        assert_eq([p for p, _ in server.requests if p == "/token"], [], "no code exchange")


def test_an_error_redirect_is_reported():
    home = Home()
    with OAuthServer(client_secret=SECRET) as server:
        server.authorize_error = "access_denied"
        code, _, _, out, err = login_via_browser(home, server)
        assert_eq(code, 1, out + err)
        assert_in("refused the sign-in (access_denied)", err, "error")


def test_no_browser_answer_times_out():
    home = Home()
    with OAuthServer(client_secret=SECRET) as server:
        proc = start_login(home, server, "--provider", "gmail", "--client-id", "cid", "--save", "work", "--timeout", "1")
        out, err = proc.communicate(timeout=30)
        assert_eq(proc.returncode, 1, out + err)
        assert_in("no sign-in within 1 s", err, "timeout error")


def test_device_flow_waits_through_pending_and_slows_down():
    home = Home()
    with OAuthServer() as server:
        r = rpa_oauth(home, server, "login", "--provider", "microsoft", "--client-id", "cid", "--device", "--save", "ms")
        assert_eq(r.returncode, 0, r.stdout + r.stderr)
        assert_in("enter the code WDJB-MJHT", r.stdout, "user code shown")
        polls = server.device_polls
        assert_eq(len(polls), 3, "polls: pending, slow_down, tokens")
        assert polls[1] - polls[0] >= 0.9, f"interval kept: {polls}"
        assert polls[2] - polls[1] >= 5.9, f"slow_down adds 5 s: {polls}"
        device = [f for p, f in server.requests if p == "/device"][0]
        assert_in("https://outlook.office.com/SMTP.Send", device["scope"], "microsoft's SMTP scope")
        assert_in("offline_access", device["scope"], "offline_access for a refresh token")
        assert_eq(home.read()["ms"]["account"], "robot@example.org", "account from preferred_username")
        no_secrets(server, r.stdout + r.stderr)


def test_list_shows_no_secrets_and_logout_revokes():
    home = Home()
    with OAuthServer(client_secret=SECRET) as server:
        assert_eq(login_via_browser(home, server)[0], 0, "login")
        refresh = home.read()["work"]["refresh_token"]
        r = rpa_oauth(home, server, "list")
        assert_eq(r.returncode, 0, r.stderr)
        assert_in("work\tgmail\trobot@example.org\tvalid until", r.stdout, "list line")
        no_secrets(server, r.stdout + r.stderr)
        r = rpa_oauth(home, server, "logout", "work")
        assert_eq(r.returncode, 0, r.stdout + r.stderr)
        assert_eq(server.revoked, [refresh], "refresh token revoked")
        assert_eq(home.read(), {}, "entry deleted")
        no_secrets(server, r.stdout + r.stderr)


def test_a_store_open_to_others_is_refused():
    home = Home()
    with OAuthServer() as server:
        home.write("work", server, "RT-known")
        os.chmod(home.store, 0o644)
        r = rpa_oauth(home, server, "list")
        assert_eq(r.returncode, 1, r.stdout + r.stderr)
        assert_in("open to other users (mode 644)", r.stderr, "error")
        assert_in("chmod 600", r.stderr, "what to do")
        assert_not_in("RT-known", r.stdout + r.stderr, "refresh token printed")


def test_plain_http_endpoints_are_refused_except_on_loopback():
    home = Home()
    r = rpa_oauth(home, None, "login", "--provider", "custom", "--client-id", "cid", "--save", "c", "--scope", "mail",
                  "--auth-url", "http://example.org/authorize", "--token-url", "http://example.org/token")
    assert_eq(r.returncode, 1, r.stdout + r.stderr)
    assert_in("must be https", r.stderr, "error")


tests(globals())
