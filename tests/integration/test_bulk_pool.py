"""Bulk sending with `rpa run --each`: a pooled mailing of 50 messages opens exactly one connection (RSET
between messages), a server that drops connections still gets every message exactly once, and pooling
off means one connection per message."""
import os
import tempfile

from mbtest import assert_eq, assert_in, run_diagram, tests
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

N = 50


def rows_csv(n):
    f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8")
    f.write("to,name\n" + "".join(f"user{i}@example.org,Получатель {i}\n" for i in range(n)))
    f.close()
    return f.name


def diagram(port, **extra):
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": {"$var": "to"}, "subject": {"$var": "name"}, "body": "Рассылка", "timeout": 5}
    inputs.update(extra)
    return {"start": {"next": "send"}, "variables": {"to": "", "name": ""},
            "blocks": {"send": {"type": "mail.send", "inputs": inputs}}}


def transaction():
    return [("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
            ("expect", r"RCPT TO:<user\d+@example\.org>"), ("send", "250 ok"),
            ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued")]


def test_fifty_pooled_messages_use_one_connection():
    script = greeting_and_ehlo(["PIPELINING", "SIZE 10000000"]) + transaction()
    for _ in range(N - 1):
        script += [("expect", "RSET"), ("send", "250 ok")] + transaction()
    script += [("expect", "QUIT"), ("send", "221 bye")]
    csv = rows_csv(N)
    try:
        with ScriptedSmtp(script) as server:
            r = run_diagram(diagram(server.port), json_output=False, extra_args=["--each", csv])
            assert_eq(r.code, 0, repr(r))
            assert_eq(server.errors, [], "dialog")
            assert_eq(server.connections, 1, "connections")
            assert_eq(len(server.messages), N, "messages")
            assert_eq(r.stderr.strip().splitlines()[-1], f"rpa: journal: {csv}.journal", "summary")
            assert_in(f"rpa: {N} rows: {N} sent, 0 partial, 0 refused, 0 unknown\n", r.stderr, "summary")
    finally:
        os.unlink(csv)
        os.unlink(csv + ".journal")


def test_a_server_that_drops_connections_gets_every_message_once():
    # Each connection carries one message and is then closed by the server (as an idle timeout would).
    one = greeting_and_ehlo(["SIZE 10000000"]) + transaction() + [("close",)]
    csv = rows_csv(10)
    try:
        with ScriptedSmtp(*([one] * 10)) as server:
            r = run_diagram(diagram(server.port), json_output=False, extra_args=["--each", csv])
            assert_eq(r.code, 0, repr(r))
            assert_eq(len(server.messages), 10, "each message delivered")
            subjects = sorted(m.split(b"Subject: ")[1].split(b"\r\n")[0] for m in server.messages)
            assert_eq(len(set(subjects)), 10, "no message twice")
            assert_eq(server.connections, 10, "a new connection after each drop")
    finally:
        os.unlink(csv)
        os.unlink(csv + ".journal")


def test_pooling_off_opens_a_connection_per_message():
    one = greeting_and_ehlo(["SIZE 10000000"]) + transaction() + [("expect", "QUIT"), ("send", "221 bye")]
    csv = rows_csv(5)
    try:
        with ScriptedSmtp(*([one] * 5)) as server:
            r = run_diagram(diagram(server.port, connection_pool=False), json_output=False, extra_args=["--each", csv])
            assert_eq(r.code, 0, repr(r))
            assert_eq(server.errors, [], "dialog")
            assert_eq((server.connections, len(server.messages)), (5, 5), "connections and messages")
    finally:
        os.unlink(csv)
        os.unlink(csv + ".journal")


tests(globals())
