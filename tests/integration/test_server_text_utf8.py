"""A server's words reach the user as valid UTF-8, in plain words: a legacy server's Windows-1251 reply is read as
Russian, binary junk shows as U+FFFD; `rpa run --json`, the error text, the Detailed log and the file log all stay
valid UTF-8 that a strict parser takes; the error says the message's fate first and quotes the server."""
import json
import os
import subprocess
import tempfile

from mbtest import RPA, assert_eq, assert_in, assert_not_in, send_diagram, tests
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

REPLACEMENT = "\ufffd"


def run_bytes(port, log):
    """Runs the diagram and returns (exit code, result, stderr), both streams decoded strictly as UTF-8."""
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": "to@example.org", "subject": "s", "body": "b", "timeout": 5, "retries": 0,
              "log_file": log, "log_mode": "Full"}
    diagram = send_diagram(inputs, start={"language": "ru", "message_level": "Detailed"})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(diagram, f, ensure_ascii=False)
    try:
        proc = subprocess.run([RPA, "run", f.name, "--json"], capture_output=True, timeout=60)
    finally:
        os.unlink(f.name)
    stdout = proc.stdout.decode("utf-8")  # strict: invalid UTF-8 fails the test here
    stderr = proc.stderr.decode("utf-8")
    return proc.returncode, json.loads(stdout), stderr


def refusal_script(reply):
    return greeting_and_ehlo(extensions=("SIZE 10240000",)) + [
        ("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", reply),
        ("expect", "QUIT"), ("send", "221 bye")]


def test_a_windows_1251_refusal_reads_as_russian():
    with tempfile.TemporaryDirectory() as tmp, \
            ScriptedSmtp(refusal_script(b"550 5.1.1 " + "Нет такого ящика".encode("cp1251"))) as server:
        log = os.path.join(tmp, "send.log")
        code, result, stderr = run_bytes(server.port, log)
        assert_eq(server.errors, [], "dialog")
        assert_eq(code, 1, stderr)
        err = result["blocks"][0]["error"]
        assert_eq(err["server_text"], "Нет такого ящика", "the server's words, decoded")
        assert_eq(err["fate"], "not_sent", "fate")
        assert err["message"].startswith("Письмо не отправлено. "), err["message"]
        assert_in("«550 5.1.1 Нет такого ящика»", err["message"], "quoted as the server said it")
        assert_in("при передаче адреса получателя (RCPT TO)", err["message"], "the stage in words")
        assert_in("Нет такого ящика", result["blocks"][0]["outputs"]["error_text"], "error_text output")
        assert_in("S: 550 5.1.1 Нет такого ящика", stderr, "the Detailed log")
        with open(log, encoding="utf-8") as f:  # strict
            assert_eq(f.read().split("\t")[5], "recipient_rejected", "file log outcome")


def test_binary_junk_shows_as_replacement_characters():
    junk = b"\xff\xfe\x00\x81 junk \xc3"
    script = [("send", b"220 mx.test " + junk), ("expect", r"EHLO \S+"), ("send", b"250 mx.test " + junk),
              ("expect", r"MAIL FROM:<robot@example\.org>"), ("send", "250 ok"),
              ("expect", r"RCPT TO:<to@example\.org>"), ("send", b"554 5.7.1 " + junk),
              ("expect", "QUIT"), ("send", "221 bye")]
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(script) as server:
        code, result, stderr = run_bytes(server.port, os.path.join(tmp, "send.log"))
        assert_eq(code, 1, stderr)
        err = result["blocks"][0]["error"]
        assert_eq(err["kind"], "recipient_rejected", str(err))
        assert_in(REPLACEMENT, err["server_text"], "junk made visible")
        assert_in("junk", err["server_text"], "the readable part kept")
        assert_in(REPLACEMENT, stderr, "the Detailed log shows it too")


def test_a_line_that_is_no_reply_is_quoted_in_russian():
    script = [("send", "220 mx.test ESMTP"), ("expect", r"EHLO \S+"), ("send", "Сервер занят".encode("cp1251"))]
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(script) as server:
        code, result, stderr = run_bytes(server.port, os.path.join(tmp, "send.log"))
        assert_eq(code, 1, stderr)
        err = result["blocks"][0]["error"]
        assert_eq(err["kind"], "protocol", str(err))
        assert_in("«Сервер занят»", err["message"], "the server's line, decoded and quoted")
        for english in ("the server", "stage", "ehlo"):
            assert_not_in(english, err["message"], "English inside a Russian text")


tests(globals())
