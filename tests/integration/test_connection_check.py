"""`rpa check-smtp` and the block's Check only mode: each stage reported with its time, the server's
capabilities, clear failures with alternatives, an optional test message, and never the password."""
import json
import os
import subprocess

from mbtest import RPA, assert_eq, assert_in, assert_not_in, delivered, servers, tests, unique

S = servers()


def check(*args, password=None):
    env = {**os.environ, "SMTP_PASSWORD": password or S["MB_SMTP_PASSWORD"]}
    return subprocess.run([RPA, "check-smtp", "--server", S["MB_HOST"], *args], capture_output=True, text=True, env=env)


def test_every_stage_and_the_capabilities_are_reported():
    r = check("--port", S["MB_SMTP_STARTTLS_PORT"], "--security", "STARTTLS", "--login", S["MB_SMTP_USER"],
              "--ca-file", S["MB_CA_FILE"], "--lang", "en", "--json")
    assert_eq(r.returncode, 0, r.stderr)
    report = json.loads(r.stdout)["blocks"][0]["outputs"]["check_report"]
    assert_eq([s["stage"] for s in report["stages"]], ["connect", "greeting", "ehlo", "tls", "ehlo", "auth"], "stages")
    assert all(s["ok"] and s["milliseconds"] >= 0 for s in report["stages"]), report["stages"]
    assert_eq(report["capabilities"]["auth"], ["PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "GSSAPI", "XOAUTH2",
                                                 "OAUTHBEARER"],
              "AUTH methods")
    assert_eq(report["capabilities"]["size"], 104857600, "SIZE")
    assert_in("server capabilities: SIZE 104857600", r.stderr, "printed for a person")
    assert_not_in(S["MB_SMTP_PASSWORD"], r.stdout + r.stderr, "password")


def test_a_wrong_password_fails_at_auth_with_a_hint():
    r = check("--port", S["MB_SMTP_SMTPS_PORT"], "--security", "SSL on connect", "--login", S["MB_SMTP_USER"],
              "--ca-file", S["MB_CA_FILE"], "--lang", "en", password="nope-wrong")
    assert_eq(r.returncode, 1, r.stderr)
    assert_in("FAIL auth", r.stdout, "stage")
    assert_not_in("diagram", r.stdout, "a report, not a diagram's run")
    assert_not_in("[check]", r.stdout, "no block id before the report's lines")
    assert_in("535", r.stdout, "code")
    assert_not_in("nope-wrong", r.stdout + r.stderr, "password")


def test_a_mode_mismatch_is_diagnosed():
    r = check("--port", S["MB_SMTP_STARTTLS_PORT"], "--security", "SSL on connect", "--from", "a@example.org",
              "--lang", "en")
    assert_eq(r.returncode, 1, r.stderr)
    assert_in("FAIL tls", r.stdout, "stage")
    assert_in("choose STARTTLS", r.stdout, "hint names the right setting")
    assert_in("alternative 587 STARTTLS", r.stdout, "alternatives were tried")
    verbose = check("--port", S["MB_SMTP_STARTTLS_PORT"], "--security", "SSL on connect", "--from", "a@example.org",
                    "--lang", "en", "--verbose")
    assert_in("[check] ", verbose.stderr, "--verbose: the log as rpa run shows it")
    assert_in("ERROR check (mail.send)", verbose.stdout, "--verbose: the framing")
    assert_in("diagram stopped by an error", verbose.stdout, "--verbose: the framing")


def test_to_sends_a_test_message():
    to = unique("check")
    r = check("--port", S["MB_SMTP_PLAIN_PORT"], "--from", "robot@mailblock.test", "--to", to, "--lang", "en")
    assert_eq(r.returncode, 0, r.stderr)
    assert_in(b"This is a test message", delivered(to)[0], "test message body")


def test_unknown_option_is_a_usage_error():
    r = check("--colour", "red")
    assert_eq(r.returncode, 2, r.stderr)
    assert_in("unknown option --colour", r.stderr, "message")


tests(globals())
