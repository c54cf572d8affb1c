"""No secret of an OAuth2 credential leaks (the refresh token, the client secret, the access token it gives),
at message level Detailed with the file log and --json, the same search as test_secrets_never_leak.py: a
credential refreshed and then used for XOAUTH2, and a sign-in that has expired (invalid_grant). The credential
store itself is where these secrets belong, so it alone is not searched. And one run that signs in all three ways
(a password, an access token, a saved credential) with a third party's block linked to every output of every
block: none of it can read any secret."""
import re

from mbtest import assert_eq, assert_in, tests, unique
from oauth_server import OAuthServer
from oauth_support import fixed_issue, xoauth2
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo
from leak_runs import run
from test_secrets_never_leak import (REAL, REAL_SECRET, SCRIPTED_USER, TO_THE_END, TOKEN, TOKEN_SECRET, XOAUTH2,
                                     assert_detailed, assert_walked, diagram, scripted, send_inputs)

REFRESH = "1//Leak-Check-Refresh_5521"
CLIENT_SECRET = "GOCSPX-Leak-Check-Secret_3307"
OAUTH_SECRETS = TOKEN_SECRET + [("the refresh token", REFRESH, SCRIPTED_USER), ("the client secret", CLIENT_SECRET, SCRIPTED_USER)]


def oauth_store(server, access_token="", expires_at=0):
    return {"version": 1, "credentials": {"work": {
        "provider": "gmail", "client_id": server.client_id, "client_secret": CLIENT_SECRET, "refresh_token": REFRESH,
        "account": SCRIPTED_USER, "scopes": ["https://mail.google.com/"], "token_url": server.base + "/token",
        "access_token": access_token, "expires_at": expires_at}}}


def oauth_diagram(port):
    d = scripted(port)
    inputs = d["blocks"]["send"]["inputs"]
    del inputs["password"], inputs["login"]
    inputs.update(oauth_credential="work", auth_method="Auto")
    return d


def test_oauth_credential_refreshed_then_used():
    with OAuthServer(client_secret=CLIENT_SECRET, rotate=False) as oauth:
        oauth.add_refresh_token(REFRESH)
        oauth.issue = fixed_issue(oauth, TOKEN)
        with ScriptedSmtp(greeting_and_ehlo(["AUTH XOAUTH2"]) + [XOAUTH2, ("send", "235 2.7.0 Accepted")] + TO_THE_END) as s:
            p = run(oauth_diagram(s.port), {"MAILBLOCK_OAUTH_ENDPOINT_BASE": oauth.base}, OAUTH_SECRETS, store=oauth_store(oauth))
        assert_eq(oauth.refreshes, 1, "the token was refreshed")
    assert_eq(p.run.code, 0, repr(p))
    assert_detailed(p, "C: AUTH XOAUTH2 ***", log_outcomes=["ok"])


def test_oauth_sign_in_expired():
    with OAuthServer(client_secret=CLIENT_SECRET) as oauth:  # REFRESH is unknown to it: invalid_grant
        p = run(oauth_diagram(1), {"MAILBLOCK_OAUTH_ENDPOINT_BASE": oauth.base}, OAUTH_SECRETS, store=oauth_store(oauth))
    assert_eq(p.run.code, 1, repr(p))
    err = p.run.block("send")["error"]
    assert_eq((err["kind"], err["stage"]), ("authentication", "oauth"), str(err))
    assert_in("rpa oauth login", err["hint"], "what to do")


ISSUED = "ya29.Issued-From-Saved_6620"  # the access token the saved credential gives in the run below


def test_no_secret_reachable_from_any_output_object():
    """Password (the real Postfix, then Save to Sent with it), access token and saved credential (scripted servers)
    in one diagram; every output of every block is read by a linked block and searched."""
    secrets = REAL_SECRET + OAUTH_SECRETS + [("the issued token", ISSUED, SCRIPTED_USER)]
    with OAuthServer(client_secret=CLIENT_SECRET, rotate=False) as oauth:
        oauth.add_refresh_token(REFRESH)
        oauth.issue = fixed_issue(oauth, ISSUED)
        with ScriptedSmtp(greeting_and_ehlo(["AUTH XOAUTH2"]) + [XOAUTH2, ("send", "235 ok")] + TO_THE_END) as token_server, \
                ScriptedSmtp(greeting_and_ehlo(["AUTH XOAUTH2"]) + [
                    ("expect", "AUTH XOAUTH2 " + re.escape(xoauth2(ISSUED, SCRIPTED_USER))), ("send", "235 ok")] + TO_THE_END) as saved_server:
            d = diagram(send_inputs(auth_method="PLAIN", recipient=unique("walk")), save={})
            d["blocks"]["save"]["next"] = "token"
            d["blocks"]["token"] = {"type": "mail.send", "inputs": scripted(token_server.port, True, auth_method="XOAUTH2")["blocks"]["send"]["inputs"], "next": "saved"}
            d["blocks"]["saved"] = {"type": "mail.send", "inputs": oauth_diagram(saved_server.port)["blocks"]["send"]["inputs"]}
            p = run(d, {"LEAK_PASSWORD": REAL, "LEAK_TOKEN": TOKEN, "MAILBLOCK_OAUTH_ENDPOINT_BASE": oauth.base}, secrets,
                    store=oauth_store(oauth), spy=True)
        assert_eq((token_server.errors, saved_server.errors), ([], []), "each token went out once, as XOAUTH2")
    assert_eq(p.run.code, 0, repr(p))
    assert_eq(p.run.block("save")["outputs"]["outcome"], "stored", "Save to Sent signed in through the handle")
    assert_detailed(p, "C: AUTH PLAIN ***", "AUTHENTICATE SCRAM-SHA-256 ***", "C: AUTH XOAUTH2 ***", log_outcomes=["ok"] * 3)
    assert_walked(p, d, held=("send", "token", "saved"))


if __name__ == "__main__":
    tests(globals())
