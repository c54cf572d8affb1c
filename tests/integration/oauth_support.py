"""Helpers of the OAuth2 tests: a private config folder, the credential store file, `rpa oauth ...` runs, the
XOAUTH2 string of a token, and the check that no secret reached an output."""
import base64
import json
import os
import stat
import subprocess
import time
import urllib.request

from mbtest import RPA, assert_not_in
from oauth_server import OAuthServer
import mbtest

USER = "robot@example.org"
CLIENT_SECRET = "client-secret-XYZ"
# What a server sends back when it refuses a token (RFC 7628 3.2.2: an error JSON in a challenge).
REFUSED_CHALLENGE = base64.b64encode(b'{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}').decode()


def xoauth2(token, user=USER):
    """The base64 SASL XOAUTH2 initial response for `token`, as SMTP and IMAP carry it."""
    return base64.b64encode(f"user={user}\x01auth=Bearer {token}\x01\x01".encode()).decode()


def oauthbearer(token, port, user=USER, host="127.0.0.1"):
    """The base64 SASL OAUTHBEARER initial response (RFC 7628) for `token`, sent to host:port."""
    return base64.b64encode(f"n,a={user},\x01host={host}\x01port={port}\x01auth=Bearer {token}\x01\x01".encode()).decode()


class Home:
    """A temporary XDG_CONFIG_HOME; `env(server)` points rpa at it and at the local authorization server."""

    def __init__(self):
        self.dir = mbtest.temp_folder("mb-oauth-")
        self.store = os.path.join(self.dir, "mailblock", "credentials.json")

    def env(self, server=None):
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}  # never a browser
        env["XDG_CONFIG_HOME"] = self.dir
        if server:
            env["MAILBLOCK_OAUTH_ENDPOINT_BASE"] = server.base
        return env

    def read(self):
        with open(self.store) as f:
            return json.load(f)["credentials"]

    def mode(self):
        return stat.S_IMODE(os.stat(self.store).st_mode)

    def write(self, name, server, refresh_token, access_token="", expires_in=3600, account="robot@example.org"):
        """A store as `rpa oauth login` leaves it, with a chosen cached access token and expiry."""
        entries = self.read() if os.path.exists(self.store) else {}
        entries[name] = {"provider": "gmail", "client_id": server.client_id, "refresh_token": refresh_token,
                         "account": account, "scopes": ["https://mail.google.com/"], "token_url": server.base + "/token",
                         "access_token": access_token, "expires_at": int(time.time()) + expires_in}
        os.makedirs(os.path.dirname(self.store), mode=0o700, exist_ok=True)
        fd = os.open(self.store, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump({"version": 1, "credentials": entries}, f)
        server.add_refresh_token(refresh_token)


def rpa_oauth(home, server, *args, timeout=60):
    return subprocess.run([RPA, "oauth", *args], capture_output=True, text=True, env=home.env(server), timeout=timeout)


def start_login(home, server, *args):
    """Starts `rpa oauth login ...`; returns the process (stdout is a pipe, read it with first_url)."""
    return subprocess.Popen([RPA, "oauth", "login", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=home.env(server))


def first_url(proc, prefix):
    """Reads the login's stdout until a line starting with `prefix` (the URL to open) and returns it."""
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError("no URL printed: " + "".join(lines) + proc.stderr.read())


def login_via_browser(home, server, *extra, browse=True):
    """`rpa oauth login` (gmail, authorization code) saved as "work", with the test playing the browser; returns
    (exit code, the URL it printed, the page the browser showed, stdout, stderr)."""
    proc = start_login(home, server, "--provider", "gmail", "--client-id", "cid", "--client-secret", CLIENT_SECRET,
                       "--save", "work", "--timeout", "20", *extra)
    url = first_url(proc, server.base + "/authorize?")
    page = ""
    if browse:
        with urllib.request.urlopen(url, timeout=20) as answer:  # follows the 302 to rpa's loopback listener
            page = answer.read().decode()
    out, err = proc.communicate(timeout=30)
    return proc.returncode, url, page, out, err


def no_secrets(home, server, text):
    """No token the server issued or the tests planted, nor its XOAUTH2 string, is in `text`."""
    for secret in server.access_tokens + list(server.refresh_tokens) + ["RT-first", "AT-cached", "AT-refused"]:
        assert_not_in(secret, text, "a secret in the output")
        assert_not_in(xoauth2(secret), text, "a SASL string in the output")


def fixed_issue(server, access, original=OAuthServer.issue):
    """Makes the server's next access token `access`, so the SMTP script can expect it."""
    def issue(refresh=True):
        answer = original(server, refresh)
        server.access_tokens[-1] = access
        answer["access_token"] = access
        return answer
    return issue


def plant_refused_token(home, oauth):
    """A store whose cached token "AT-refused" the mail server will refuse; the next refresh issues "AT-new"."""
    home.write("work", oauth, "RT-first", "AT-refused", expires_in=3600)
    oauth.issue = fixed_issue(oauth, "AT-new")
