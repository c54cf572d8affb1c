"""No secret ever leaks, at the most talkative settings: message level Detailed, the file log on (Full), `--json`.

Runs every example diagram in examples/ (with the test servers' values, as scripts/demo.sh does), Send -> Save to
Sent chains signing in with PLAIN, LOGIN, CRAM-MD5 and XOAUTH2, every failure of the error model (a wrong password
with each method, credentials refused in clear, both TLS mode mismatches, a refused connection, stalls after the
credentials, a rejected recipient, a message over SIZE, a refused XOAUTH2 token, Save to Sent's wrong password),
`rpa check-smtp`, a named connection's stored password (`rpa connection check` and both blocks naming it) (an
OAuth2 credential's secrets: test_secrets_oauth.py). Searched (leak_search.py: every form
of the secret, on the wire and hashed; runs by leak_runs.py): stdout, stderr, every string of the --json result
(the Sent message object, Save to Sent's outputs), the file log, files left in TMPDIR or a fresh HOME, the
delivered message and its IMAP copy. Each run must also show its Detailed output and
file log line, and a canary proves the search finds a secret wherever it is printed.
"""
import glob
import json
import os
import re
import tempfile

from leak_runs import block_outputs, execute, read_text, run
from leak_search import assert_no_leak, b64, forms, leaks
from mbtest import SOURCE_DIR, assert_eq, assert_in, assert_not_in, delivered, servers, tests, unique
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

S = servers()
USER = S["MB_SMTP_USER"]
REAL = S["MB_SMTP_PASSWORD"]   # the test servers' password: the secret of every run that signs in for real
WRONG = "Zq9!unique-P@ss-7731"  # a distinctive wrong (or scripted-server) password
TOKEN = "ya29.Leak-Check-Tok3n_9914"
SCRIPTED_USER = "robot@example.org"
# (name, secret, login) of what a run must not leak
REAL_SECRET = [("the test password", REAL, USER)]
WRONG_SECRET = [("the wrong password", WRONG, USER)]
SCRIPTED_SECRET = [("the password", WRONG, SCRIPTED_USER)]
TOKEN_SECRET = [("the token", TOKEN, SCRIPTED_USER)]


def check_smtp(password, *args):
    """`rpa check-smtp --json` against the test Postfix, signing in as the test user with `password`."""
    with tempfile.TemporaryDirectory(prefix="mb-leak-check-") as work:
        return execute(["check-smtp", "--server", S["MB_HOST"], "--login", USER, "--ca-file", S["MB_CA_FILE"],
                        "--lang", "en", "--json", *args], {"SMTP_PASSWORD": password},
                       [("the password", password, USER)], work)


def add_delivered_and_sent_copy(p, to, message_id=None):
    """Adds the delivered message for `to` and each file of the test user's IMAP mailbox holding `message_id`."""
    p.texts[f"message delivered to {to}"] = delivered(to)[0].decode("utf-8", errors="replace")
    if message_id is None:
        return
    found = 0
    # os.walk, not glob: Maildir++ folders start with "." and glob skips them.
    for folder, _, files in os.walk(os.path.join(S["MB_IMAP_MAIL_ROOT"], USER, "Maildir")):
        for path in (os.path.join(folder, f) for f in files):
            if message_id in (text := read_text(path)):
                p.texts[f"IMAP file {os.path.relpath(path, S['MB_IMAP_MAIL_ROOT'])}"] = text
                found += 1
    assert found, f"the Sent copy of {message_id} was not found in {USER}'s mailbox"


# ---------------------------------------------------------------------------------------------------------------
# What each run must show, so that printing nothing cannot pass.

def assert_detailed(p, *markers, log_outcomes=()):
    """The run produced its Detailed output (each marker in stderr) and one file log line per Send email run."""
    for marker in markers:
        assert_in(marker, p.run.stderr, "Detailed output")
    lines = [line.split("\t") for line in p.texts["the file log"].splitlines()]
    assert_eq([line[5] for line in lines], list(log_outcomes), f"file log outcomes: {p.texts['the file log']!r}")


def fails(p, kind, *markers, block="send", outcome=None, **fields):
    """The diagram stopped on `block`'s error of `kind` (with `fields`), after its Detailed output."""
    assert_eq(p.run.code, 1, repr(p))
    err = p.run.block(block)["error"]
    assert_eq(err["kind"], kind, f"{block}: kind ({err})")
    for key, value in fields.items():
        assert_eq(err.get(key), value, f"{block}: {key} ({err})")
    assert p.run.block(block)["outputs"]["error_text"], "error_text"
    assert_detailed(p, *markers, log_outcomes=[outcome or kind])
    return err


# ---------------------------------------------------------------------------------------------------------------
# Diagrams.

def send_inputs(**extra):
    """Send email to the real Postfix (submission, STARTTLS, the test CA), signing in as the test user."""
    return {"server": S["MB_HOST"], "port": S["MB_SMTP_STARTTLS_PORT"], "security": "STARTTLS",
            "ca_file": S["MB_CA_FILE"], "login": USER, "password": {"$env": "LEAK_PASSWORD"}, "sender_email": USER,
            "recipient": unique("leak"), "subject": "Leak check", "body": "Nothing secret.", "timeout": 10,
            "retries": 0, **extra}


def diagram(inputs, save=None, language="en"):
    blocks = {"send": {"type": "mail.send", "inputs": inputs}}
    if save is not None:
        blocks["send"]["next"] = "save"
        blocks["save"] = {"type": "mail.save_to_sent", "inputs": {
            "sent_message": {"$link": "send.sent_message"}, "port": S["MB_IMAP_PORT"], "security": "STARTTLS",
            "ca_file": S["MB_CA_FILE"], **save}}
    return {"start": {"next": "send", "language": language}, "blocks": blocks}


def scripted(port, token=False, **extra):
    """Send email to a scripted server on 127.0.0.1 (no TLS: credentials explicitly allowed in clear), signing in
    with the password, or with the access token when `token`."""
    secret = {"access_token": {"$env": "LEAK_TOKEN"}} if token else {"password": {"$env": "LEAK_PASSWORD"}}
    return diagram({"server": "127.0.0.1", "port": port, "security": "None", "allow_insecure_auth": True,
                    "login": SCRIPTED_USER, **secret, "auth_method": "PLAIN", "sender_email": SCRIPTED_USER,
                    "recipient": "to@example.org", "subject": "Leak check", "body": "hi", "timeout": 2, "retries": 0,
                    **extra})


PLAIN_OK = [("expect", "AUTH PLAIN " + re.escape(b64(f"\0{SCRIPTED_USER}\0{WRONG}"))), ("send", "235 2.7.0 Accepted")]
XOAUTH2 = ("expect", "AUTH XOAUTH2 " + re.escape(b64(f"user={SCRIPTED_USER}\x01auth=Bearer {TOKEN}\x01\x01")))
TO_THE_END = [("expect", r"MAIL FROM:<robot@example\.org>.*"), ("send", "250 2.1.0 Ok"),
              ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 2.1.5 Ok"), ("expect", "DATA"),
              ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as S1"), ("expect", "QUIT"),
              ("send", "221 bye")]


# ---------------------------------------------------------------------------------------------------------------
# The examples, as scripts/demo.sh runs them, against the test servers.

EXAMPLE_VARIABLES = {"smtp_host": S["MB_HOST"], "smtp_port": S["MB_SMTP_STARTTLS_PORT"], "ca_file": S["MB_CA_FILE"],
                     "login": USER, "imap_port": S["MB_IMAP_PORT"]}


def test_every_example_diagram():
    examples = sorted(glob.glob(os.path.join(SOURCE_DIR, "examples", "**", "*.json"), recursive=True))
    diagrams = 0
    for path in examples:
        with open(path, encoding="utf-8") as f:
            example = json.load(f)
        if not isinstance(example, dict) or not {"start", "blocks"} <= set(example):
            continue  # not a diagram (the Node-RED example flow is a list of nodes)
        diagrams += 1
        name, to = os.path.relpath(path, SOURCE_DIR), unique("example")
        variables = {"to": f"Иван Петров <{to}>; {unique('example')}"}
        for var in set(example.get("variables", {})) - {"to"}:
            assert var in EXAMPLE_VARIABLES, f"{name}: variable {var!r}: tell this test its test-server value"
            variables[var] = EXAMPLE_VARIABLES[var]
        # demo.sh gives the test password in SMTP_PASSWORD; every secret of an example is that password.
        env = {n: REAL for n in re.findall(r'"\$env": "([^"]+)"', json.dumps(example))}
        assert env, f"{name}: an example with no secret proves nothing here"
        p = run(example, env, REAL_SECRET, variables, cwd=SOURCE_DIR)  # attachments are relative to the repository
        assert_eq(p.run.code, 0, f"{name}: {p!r}")
        assert all(b["status"] == "ok" for b in p.run.result["blocks"]), f"{name}: {p!r}"
        types = {i: b["type"] for i, b in example["blocks"].items()}
        sends = [i for i, t in types.items() if t == "mail.send"]
        assert_detailed(p, "C: EHLO", "C: STARTTLS", "C: AUTH", "C: MAIL FROM", "C: RCPT TO", "C: DATA",
                        log_outcomes=["ok"] * len(sends))
        assert_in('"credential": "***"', p.run.stdout, f"{name}: the account's credential handle is shown as ***")
        if "mail.save_to_sent" in types.values():
            assert_in("C: A1 ", p.run.stderr, f"{name}: the IMAP dialog")
            add_delivered_and_sent_copy(p, to, p.run.block(sends[0])["outputs"]["sent_message"]["message_id"])
            assert_no_leak(p.texts, REAL_SECRET)
    assert diagrams, "no example diagram found"


# ---------------------------------------------------------------------------------------------------------------
# Successes: each method that carries the password or the token, a pooled mailing, the connection check.

def assert_walked(p, d, held=("send",)):
    """A block was linked to every output of every block of diagram `d` (run with spy=True), and each Send email in
    `held` put only a handle to its secret in the Sent message: a SecureString naming nothing but the plugin's
    holding, the account's other fields plain facts. (The leak search already ran over what the spies read.)"""
    expected = {f"{b}.{port}" for b, block in d["blocks"].items() for port in block_outputs()[block["type"]]}
    assert_eq(set(p.linked), expected, "outputs read by a linked block")
    for send in held:
        account = json.loads(p.linked[f"{send}.sent_message"])["$object"]["account"]
        assert_eq(set(account) & {"password", "access_token"}, set(), f"{send}: secret fields in the account")
        handle = account["credential"]["$secret"]
        assert re.fullmatch(r"mailblock-credential-[0-9a-f]{32}", handle), f"{send}: handle {handle!r}"


def test_send_then_save_to_sent_with_each_password_method():
    for method in ("PLAIN", "LOGIN", "CRAM-MD5"):
        i = send_inputs(auth_method=method)
        p = run(diagram(i, save={}), {"LEAK_PASSWORD": REAL}, REAL_SECRET, spy=True)
        assert_eq(p.run.code, 0, f"{method}: {p!r}")
        assert_eq(p.run.block("save")["outputs"]["outcome"], "stored", f"{method}: stored")
        assert_detailed(p, f"C: AUTH {method}", "S: 235", "[save] C: A1 STARTTLS", "AUTHENTICATE SCRAM-SHA-256 ***",
                        log_outcomes=["ok"])
        assert_walked(p, diagram(i, save={}))
        assert_in('"credential": "***"', p.run.stdout, "the account's credential handle is shown as ***")
        add_delivered_and_sent_copy(p, i["recipient"], p.run.block("send")["outputs"]["sent_message"]["message_id"])
        assert_no_leak(p.texts, REAL_SECRET)


def test_xoauth2_accepted():
    with ScriptedSmtp(greeting_and_ehlo(["AUTH XOAUTH2 PLAIN"]) + [XOAUTH2, ("send", "235 ok")] + TO_THE_END) as s:
        p = run(scripted(s.port, True, auth_method="XOAUTH2"), {"LEAK_TOKEN": TOKEN}, TOKEN_SECRET, spy=True)
    assert_eq(s.errors, [], "the token went out exactly once, as XOAUTH2")
    assert_eq(p.run.code, 0, repr(p))
    assert_walked(p, scripted(s.port, True))
    assert_detailed(p, "C: AUTH XOAUTH2 ***", "S: 235", "C: DATA", log_outcomes=["ok"])


def test_mailing_with_each_over_one_pooled_connection():
    rows = [{"to": unique("mailing")} for _ in range(3)]
    p = run(diagram(send_inputs(auth_method="PLAIN", recipient={"$var": "to"})), {"LEAK_PASSWORD": REAL}, REAL_SECRET,
            rows=rows)
    assert_eq(p.run.code, 0, repr(p))
    assert_eq([r["status"] for r in p.run.result], ["completed"] * 3, f"every row: {p!r}")
    assert_eq(p.run.stderr.count("C: AUTH PLAIN ***"), 1, "one sign-in for the whole mailing")
    assert_eq(p.run.stderr.count("C: MAIL FROM:"), 3, "three messages over that one signed-in connection")
    assert_detailed(p, "S: 235", log_outcomes=["ok"] * 3)
    for row in rows:
        add_delivered_and_sent_copy(p, row["to"])
    assert_no_leak(p.texts, REAL_SECRET)


def test_check_only_connection_report():
    p = run(diagram(send_inputs(auth_method="LOGIN", check_mode="Connection")), {"LEAK_PASSWORD": REAL}, REAL_SECRET)
    assert_eq(p.run.code, 0, repr(p))
    report = p.run.block("send")["outputs"]["check_report"]
    assert report["stages"] and all(s["ok"] for s in report["stages"]), report
    assert_detailed(p, "C: AUTH LOGIN", "S: 334", "S: 235", log_outcomes=[])


# ---------------------------------------------------------------------------------------------------------------
# Every failure of the error model.

def test_wrong_password_is_535_with_each_method():
    for method in ("PLAIN", "LOGIN", "CRAM-MD5", "Auto"):
        p = run(diagram(send_inputs(auth_method=method)), {"LEAK_PASSWORD": WRONG}, WRONG_SECRET)
        fails(p, "authentication", "C: STARTTLS", "C: AUTH", "S: 535", code=535, stage="auth")


def test_credentials_refused_on_a_plain_port():
    p = run(diagram(send_inputs(port=S["MB_SMTP_PLAIN_PORT"], security="None", ca_file="")), {"LEAK_PASSWORD": WRONG},
            WRONG_SECRET)
    fails(p, "insecure_auth", "C: EHLO", "S: 250")
    assert_not_in("C: AUTH", p.run.stderr, "no AUTH in clear")


def test_ssl_on_connect_against_a_starttls_port():
    p = run(diagram(send_inputs(security="SSL on connect"), language="ru"), {"LEAK_PASSWORD": REAL}, REAL_SECRET)
    fails(p, "tls", f"server {S['MB_HOST']}:{S['MB_SMTP_STARTTLS_PORT']}", "SSL on connect", stage="tls")


def test_starttls_against_an_ssl_on_connect_port():
    p = run(diagram(send_inputs(port=S["MB_SMTP_SMTPS_PORT"], timeout=3)), {"LEAK_PASSWORD": REAL}, REAL_SECRET)
    err = fails(p, "timeout", f"server {S['MB_HOST']}:{S['MB_SMTP_SMTPS_PORT']}", "STARTTLS", stage="greeting")
    assert_in("SSL on connect", err["hint"], "the mismatch is diagnosed")


def test_connection_refused():
    p = run(diagram(send_inputs(port=1)), {"LEAK_PASSWORD": WRONG}, WRONG_SECRET)
    fails(p, "connect_refused", f"server {S['MB_HOST']}:1")


def test_server_stalls_after_the_credentials():
    login_steps = [("expect", "AUTH LOGIN"), ("send", "334 VXNlcm5hbWU6"), ("expect", re.escape(b64(SCRIPTED_USER))),
                   ("send", "334 UGFzc3dvcmQ6"), ("expect", re.escape(b64(WRONG)))]
    for method, steps in (("PLAIN", PLAIN_OK[:1]), ("LOGIN", login_steps)):
        with ScriptedSmtp(greeting_and_ehlo(["AUTH PLAIN LOGIN"]) + steps + [("stall",)]) as server:
            p = run(scripted(server.port, auth_method=method), {"LEAK_PASSWORD": WRONG}, SCRIPTED_SECRET)
        assert_eq(server.errors, [], f"{method}: the credentials went out as expected")
        fails(p, "timeout", f"C: AUTH {method}", "***", stage="auth")


def test_recipient_rejected():
    script = greeting_and_ehlo(["AUTH PLAIN"]) + PLAIN_OK + [
        ("expect", r"MAIL FROM:<robot@example\.org>.*"), ("send", "250 2.1.0 Ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "550 5.1.1 <to@example.org>: Recipient address rejected"),
        ("expect", "QUIT|RSET"), ("send", "221 bye")]
    with ScriptedSmtp(script) as server:
        p = run(scripted(server.port), {"LEAK_PASSWORD": WRONG}, SCRIPTED_SECRET)
    fails(p, "recipient_rejected", "C: AUTH PLAIN ***", "S: 235", "S: 550", code=550, stage="rcpt")


def test_message_too_big():
    with ScriptedSmtp(greeting_and_ehlo(["SIZE 1000", "AUTH PLAIN"]) + PLAIN_OK + [("expect", "QUIT|")]) as server:
        p = run(scripted(server.port, body="x" * 5000), {"LEAK_PASSWORD": WRONG}, SCRIPTED_SECRET)
    fails(p, "size_exceeded", "SIZE 1000", "C: AUTH PLAIN ***")


def test_xoauth2_token_refused():
    challenge = b64('{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}')
    script = greeting_and_ehlo(["AUTH XOAUTH2"]) + [XOAUTH2, ("send", "334 " + challenge), ("expect", ""),
                                                    ("send", "535 5.7.8 Username and Password not accepted"),
                                                    ("expect", "QUIT|"), ("close",)]
    with ScriptedSmtp(script) as server:
        p = run(scripted(server.port, True, auth_method="Auto"), {"LEAK_TOKEN": TOKEN}, TOKEN_SECRET)
    fails(p, "authentication", "C: AUTH XOAUTH2 ***", "S: 334", "S: 535", code=535)


def test_save_to_sent_with_a_wrong_imap_password():
    both = REAL_SECRET + [("the wrong IMAP password", WRONG, USER)]
    i = send_inputs(auth_method="PLAIN")
    p = run(diagram(i, save={"password": {"$env": "LEAK_IMAP_PASSWORD"}}),
            {"LEAK_PASSWORD": REAL, "LEAK_IMAP_PASSWORD": WRONG}, both)
    assert_eq(p.run.block("send")["status"], "ok", "the email itself went out")
    err = fails(p, "authentication", "C: AUTH PLAIN ***", "[save] C: A1 STARTTLS", "AUTHENTICATE SCRAM-SHA-256 ***",
                block="save", outcome="ok")
    assert_in("The email was delivered", err["message"], "message")
    add_delivered_and_sent_copy(p, i["recipient"])
    assert_no_leak(p.texts, both)


def test_save_to_sent_gives_the_password_only_to_the_accounts_imap_server():
    """The message went through 127.0.0.1; a Server typed into Save to Sent that is not that account's (localhost:
    the same Dovecot under another name, but to the block any other host) gets none of its password: a clear error
    naming the ports, and no IMAP connection at all. Given its own password, the same block signs in there."""
    i = send_inputs(auth_method="PLAIN")
    p = run(diagram(i, save={"server": "localhost"}), {"LEAK_PASSWORD": REAL}, REAL_SECRET)
    assert_eq(p.run.block("send")["status"], "ok", "the email itself went out")
    err = fails(p, "invalid_input", "C: AUTH PLAIN ***", block="save", outcome="ok")
    assert_in("IMAP server (server): localhost is not a server of the account", err["message"], "message")
    assert_in("Password (password)", err["hint"], "hint")
    assert_not_in("[save] C:", p.run.stderr, "nothing was said to the IMAP server")
    add_delivered_and_sent_copy(p, i["recipient"])
    assert_no_leak(p.texts, REAL_SECRET)

    i = send_inputs(auth_method="PLAIN", recipient=unique("leak"))
    p = run(diagram(i, save={"server": "localhost", "password": {"$env": "LEAK_IMAP_PASSWORD"}}),
            {"LEAK_PASSWORD": REAL, "LEAK_IMAP_PASSWORD": REAL}, REAL_SECRET)
    assert_eq(p.run.code, 0, repr(p))
    assert_eq(p.run.block("save")["outputs"]["outcome"], "stored", "with its own password")


# ---------------------------------------------------------------------------------------------------------------
# A named connection (`rpa connection add`): its password is read from the store, never from the diagram.

def connection_store(password):
    return {"version": 2, "credentials": {}, "connections": {"leak": {
        "server": S["MB_HOST"], "port": int(S["MB_SMTP_STARTTLS_PORT"]), "security": "STARTTLS",
        "ca_file": S["MB_CA_FILE"], "login": USER, "password": password, "sender": USER, "imap_server": S["MB_HOST"],
        "imap_port": int(S["MB_IMAP_PORT"]), "imap_security": "STARTTLS"}}}


def connection_diagram(to, **send):
    return {"start": {"next": "send", "language": "en"}, "blocks": {
        "send": {"type": "mail.send", "next": "save", "inputs": {
            "connection": "leak", "recipient": to, "subject": "Leak check", "body": "Nothing secret.", **send}},
        "save": {"type": "mail.save_to_sent", "inputs": {"sent_message": {"$link": "send.sent_message"},
                                                         "connection": "leak"}}}}


def test_a_named_connection_send_save_check_and_failure():
    to = unique("leak")
    d = connection_diagram(to, auth_method="PLAIN")
    p = run(d, {}, REAL_SECRET, store=connection_store(REAL), spy=True)
    assert_eq(p.run.code, 0, repr(p))
    assert_eq(p.run.block("save")["outputs"]["outcome"], "stored", "stored through the connection")
    assert_detailed(p, 'connection "leak" gives:', "C: AUTH PLAIN ***", "S: 235", "[save] C: A1 STARTTLS",
                    log_outcomes=["ok"])
    assert_walked(p, d)
    add_delivered_and_sent_copy(p, to, p.run.block("send")["outputs"]["sent_message"]["message_id"])
    assert_no_leak(p.texts, REAL_SECRET)

    p = run(connection_diagram(unique("leak")), {}, WRONG_SECRET, store=connection_store(WRONG))
    fails(p, "authentication", "S: 535", code=535)

    to = unique("leak")
    with tempfile.TemporaryDirectory(prefix="mb-leak-conn-") as work:
        p = execute(["connection", "check", "leak", "--to", to, "--lang", "en", "--json"], {}, REAL_SECRET, work,
                    store=connection_store(REAL))
    assert_eq(p.run.code, 0, repr(p))
    add_delivered_and_sent_copy(p, to)
    assert_no_leak(p.texts, REAL_SECRET)


# ---------------------------------------------------------------------------------------------------------------
# rpa check-smtp (message level Debug, its only one; no file log).

def test_check_smtp_connection_and_test_message():
    p = check_smtp(REAL, "--port", S["MB_SMTP_STARTTLS_PORT"], "--security", "STARTTLS")
    assert_eq(p.run.code, 0, repr(p))
    stages = p.run.block("check")["outputs"]["check_report"]["stages"]
    assert_eq([(s["stage"], s["ok"]) for s in stages][-1], ("auth", True), f"signed in: {stages}")
    to = unique("check")
    p = check_smtp(REAL, "--port", S["MB_SMTP_SMTPS_PORT"], "--security", "SSL on connect", "--to", to)
    assert_eq(p.run.code, 0, repr(p))
    assert_in("[check] AUTH", p.run.stderr, "signed in")
    assert_in('"credential": "***"', p.run.stdout, "the Sent message's credential handle is shown as ***")
    add_delivered_and_sent_copy(p, to)
    assert_no_leak(p.texts, [("the password", REAL, USER)])


def test_check_smtp_failures():
    p = check_smtp(WRONG, "--port", S["MB_SMTP_SMTPS_PORT"], "--security", "SSL on connect")
    assert_eq(p.run.code, 1, repr(p))
    assert_in("FAIL auth", p.run.stderr, "the failing stage")
    assert_eq(p.run.block("check")["error"]["code"], 535, "code")
    p = check_smtp(WRONG, "--port", S["MB_SMTP_STARTTLS_PORT"], "--security", "SSL on connect")
    assert_eq(p.run.code, 1, repr(p))
    assert_in("FAIL tls", p.run.stderr, "the failing stage")
    assert_in("alternative 587 STARTTLS", p.run.stderr, "alternatives were tried")


# ---------------------------------------------------------------------------------------------------------------
# The search itself finds what it looks for (so a pass above means something).

def test_canary_the_search_finds_a_secret_wherever_it_is_printed():
    canary = "Canary!x7-Leak#0042"
    secret = [("canary", canary, SCRIPTED_USER)]
    for name, text in forms(canary, SCRIPTED_USER).items():
        assert leaks({"somewhere": f"before {text} after"}, secret), f"form {name} not found"
    # Base64 at any alignment and a truncated secret.
    for text in (b64("xy" + canary), b64("x" + canary + "yz"), canary[:9] + "..."):
        assert leaks({"somewhere": text}, secret), f"{text} not found"
    # A real run where the canary goes where it shows: the subject (the JSON, stdout) and the EHLO name in base64
    # (the Detailed log on stderr). The file log holds no free text, so a leak is planted there.
    with ScriptedSmtp(greeting_and_ehlo(["AUTH PLAIN"]) + PLAIN_OK + TO_THE_END) as server:
        p = run(scripted(server.port, subject=canary, ehlo_name="canary-" + b64(canary).rstrip("=")),
                {"LEAK_PASSWORD": WRONG}, SCRIPTED_SECRET)
    assert_eq(p.run.code, 0, repr(p))
    where = {w for _, _, w in leaks(p.texts, secret)}
    for place in ("stdout", "stderr", "the JSON's strings"):
        assert_in(place, where, "the canary is found")
    p.texts["the file log"] += f"\t{b64(chr(0) + SCRIPTED_USER + chr(0) + canary)}\n"
    planted = ("canary", "AUTH PLAIN base64(\\0login\\0secret)", "the file log")
    assert planted in leaks(p.texts, secret), "file log canary"


if __name__ == "__main__":
    tests(globals())
