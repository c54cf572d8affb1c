"""A local OAuth2 authorization server for the tests (127.0.0.1 only), reached by `rpa` through
MAILBLOCK_OAUTH_ENDPOINT_BASE=server.base (every provider's endpoints become BASE/authorize, /token, /device,
/revoke, /userinfo).

- /authorize: checks response_type, client_id and the S256 code challenge, then redirects (302) to the
  redirect_uri with a code and the state; `authorize_error` redirects with that error instead.
- /token: authorization_code (checks redirect_uri and SHA256(code_verifier) against the challenge: PKCE),
  refresh_token (rotates the refresh token when `rotate`; an unknown or spent one is invalid_grant), and the
  device_code grant (answers `device_answers` in turn: "authorization_pending", "slow_down", then tokens).
  `slow` seconds of delay before answering, `malformed` answers HTML.
- /device, /revoke, /userinfo: RFC 8628 3.1, RFC 7009, and a userinfo document with the account's address.
Everything received is recorded in `requests` (path, form) so a test can check exactly what rpa sent.
"""
import base64
import hashlib
import http.server
import json
import secrets
import threading
import time
import urllib.parse


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class OAuthServer:
    def __init__(self, account="robot@example.org", client_id="cid", client_secret=None, rotate=True, expires_in=3600):
        self.account, self.client_id, self.client_secret = account, client_id, client_secret
        self.rotate, self.expires_in = rotate, expires_in
        self.requests = []            # (path, form dict)
        self.codes = {}               # code -> (challenge, redirect_uri)
        self.refresh_tokens = set()   # valid refresh tokens
        self.access_tokens = []       # issued, in order
        self.revoked = []
        self.refreshes = 0
        self.device_answers = ["authorization_pending", "slow_down", "ok"]
        self.device_polls = []        # monotonic times of device token polls
        self.device_interval = 1
        self.authorize_error = None
        self.slow = 0
        self.malformed = False
        self.lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server._get(self)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                server._post(self, form)

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- tokens -------------------------------------------------------------------------------------------------
    def issue(self, refresh=True):
        access = "AT-" + secrets.token_urlsafe(12)
        self.access_tokens.append(access)
        answer = {"access_token": access, "token_type": "Bearer", "expires_in": self.expires_in}
        if refresh:
            rt = "RT-" + secrets.token_urlsafe(12)
            self.refresh_tokens.add(rt)
            answer["refresh_token"] = rt
        claims = b64url(json.dumps({"email": self.account, "preferred_username": self.account}).encode())
        answer["id_token"] = "eyJhbGciOiJub25lIn0." + claims + ".sig"
        return answer

    def add_refresh_token(self, token):
        self.refresh_tokens.add(token)

    # --- HTTP ---------------------------------------------------------------------------------------------------
    def _reply(self, h, status, body, content_type="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def _json(self, h, status, obj):
        self._reply(h, status, json.dumps(obj))

    def _get(self, h):
        url = urllib.parse.urlsplit(h.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        with self.lock:
            self.requests.append((url.path, q))
        if url.path == "/userinfo":
            ok = h.headers.get("Authorization", "") in ("Bearer " + t for t in self.access_tokens)
            return self._json(h, 200 if ok else 401, {"email": self.account, "default_email": self.account})
        if url.path != "/authorize":
            return self._reply(h, 404, "no")
        if q.get("response_type") != "code" or q.get("client_id") != self.client_id or \
                q.get("code_challenge_method") != "S256" or len(q.get("code_challenge", "")) != 43:
            return self._reply(h, 400, "bad authorization request: " + json.dumps(q))
        params = {"state": q.get("state", "")}
        if self.authorize_error:
            params["error"] = self.authorize_error
        else:
            code = "CODE-" + secrets.token_urlsafe(8)
            self.codes[code] = (q["code_challenge"], q["redirect_uri"])
            params["code"] = code
        location = q["redirect_uri"] + "?" + urllib.parse.urlencode(params)
        self._reply(h, 302, "", "text/plain", [("Location", location)])

    def _post(self, h, form):
        with self.lock:
            self.requests.append((h.path, form))
        if self.slow:
            time.sleep(self.slow)
        if self.malformed:
            return self._reply(h, 200, "<html>502 Bad Gateway</html>", "text/html")
        if h.path == "/device":
            return self._json(h, 200, {"device_code": "DEV-" + secrets.token_urlsafe(8), "user_code": "WDJB-MJHT",
                                       "verification_uri": self.base + "/activate", "expires_in": 60,
                                       "interval": self.device_interval})
        if h.path == "/revoke":
            self.revoked.append(form.get("token") or form.get("access_token"))
            return self._json(h, 200, {})
        if h.path != "/token":
            return self._reply(h, 404, "no")
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return self._json(h, 401, {"error": "invalid_client"})
        with self.lock:
            return self._token(h, form)

    def _token(self, h, form):
        grant = form.get("grant_type")
        if grant == "authorization_code":
            challenge, redirect = self.codes.pop(form.get("code"), (None, None))
            verifier = form.get("code_verifier", "")
            if challenge is None or redirect != form.get("redirect_uri") or \
                    b64url(hashlib.sha256(verifier.encode()).digest()) != challenge:
                return self._json(h, 400, {"error": "invalid_grant", "error_description": "PKCE or code mismatch"})
            return self._json(h, 200, self.issue())
        if grant == "refresh_token":
            rt = form.get("refresh_token")
            if rt not in self.refresh_tokens:
                return self._json(h, 400, {"error": "invalid_grant", "error_description": "Token has been expired or revoked."})
            self.refreshes += 1
            if self.rotate:
                self.refresh_tokens.discard(rt)
            return self._json(h, 200, self.issue(refresh=self.rotate))
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            self.device_polls.append(time.monotonic())
            answer = self.device_answers.pop(0) if self.device_answers else "ok"
            if answer != "ok":
                return self._json(h, 400, {"error": answer})
            return self._json(h, 200, self.issue())
        return self._json(h, 400, {"error": "unsupported_grant_type"})
