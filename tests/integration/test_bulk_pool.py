"""Bulk sending with `rpa run --each`: a pooled mailing of 50 messages opens exactly one connection, with no RSET
after a message the server took (RSET only after a refused transaction), MAIL/RCPT/DATA in one segment when the
server offers PIPELINING (not otherwise) and each message with its final dot in one segment; a server that drops
connections, even one found closed only at MAIL FROM, still gets every message exactly once, and pooling off means
one connection per message."""
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


def transaction(rcpt="250 ok", final="250 2.0.0 Ok: queued", pipelining=True):
    """One transaction; with PIPELINING the server answers DATA even when no recipient was taken (RFC 2920)."""
    steps = [("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
             ("expect", r"RCPT TO:<user\d+@example\.org>"), ("send", rcpt)]
    if not rcpt.startswith("2"):
        return steps + ([("expect", "DATA"), ("send", "554 5.5.1 no valid recipients")] if pipelining else [])
    return steps + [("expect", "DATA"), ("send", "354 go"), ("data",), ("send", final)]


RSET = [("expect", "RSET"), ("send", "250 ok")]
QUIT = [("expect", "QUIT"), ("send", "221 bye")]


def mailing(server, rows, **extra):
    csv = rows_csv(rows)
    try:
        return run_diagram(diagram(server.port, **extra), json_output=False, extra_args=["--each", csv]), csv
    finally:
        os.unlink(csv)
        os.unlink(csv + ".journal")


def envelope_reads(server):
    """For each transaction, the recv numbers of its MAIL, RCPT and DATA lines."""
    lines = list(zip(server.received, server.reads))
    starts = [i for i, (line, _) in enumerate(lines) if line.startswith("MAIL FROM:")]
    return [tuple(n for _, n in lines[i:i + 3]) for i in starts]


def test_fifty_pooled_messages_use_one_connection():
    # No RSET between messages the server took: the next MAIL FROM follows the reply to the end of data.
    script = greeting_and_ehlo(["PIPELINING", "SIZE 10000000"]) + transaction() * N + QUIT
    with ScriptedSmtp(script) as server:
        r, csv = mailing(server, N)
        assert_eq(r.code, 0, repr(r))
        assert_eq(server.errors, [], "dialog (no RSET between messages)")
        assert_eq(server.connections, 1, "connections")
        assert_eq(len(server.messages), N, "messages")
        assert_eq(r.stderr.strip().splitlines()[-1], f"rpa: journal: {csv}.journal", "summary")
        assert_in(f"rpa: {N} rows: {N} sent, 0 partial, 0 refused, 0 unknown\n", r.stderr, "summary")
        # RFC 2920: MAIL, RCPT and DATA in one write, so they reach the server in one segment; and each message
        # with its final "." (the body and the terminator in one write).
        reads = envelope_reads(server)
        assert_eq(len(reads), N, "transactions")
        assert_eq([len(set(r)) for r in reads], [1] * N, f"MAIL, RCPT and DATA in one segment: {reads[:3]}")
        assert_eq([first == dot for first, dot in server.data_reads], [True] * N,
                  f"message and final dot in one segment: {server.data_reads[:3]}")


def test_rset_only_after_a_refused_transaction():
    # Rows 2 and 4 are refused (the recipient; the message at the end of data): RSET before rows 3 and 5 only.
    for pipelining in (True, False):
        extensions = ["PIPELINING", "SIZE 10000000"] if pipelining else ["SIZE 10000000"]
        script = (greeting_and_ehlo(extensions) + transaction(pipelining=pipelining) +
                  transaction("550 5.1.1 no such user", pipelining=pipelining) + RSET + transaction(pipelining=pipelining) +
                  transaction(final="554 5.7.1 spam") + RSET + transaction(pipelining=pipelining) + QUIT)
        with ScriptedSmtp(script) as server:
            r, _ = mailing(server, 5)
            assert_eq(server.errors, [], f"pipelining={pipelining}: dialog")
            assert_eq(server.connections, 1, f"pipelining={pipelining}: connections")
            assert_in("rpa: 5 rows: 3 sent, 0 partial, 2 refused, 0 unknown\n", r.stderr, f"pipelining={pipelining}")
            if not pipelining:  # each command waits for the reply to the one before: never two in one segment
                assert_eq(len(set(server.reads)), len(server.reads), f"one command a segment: {server.reads}")


def test_a_pooled_connection_found_closed_at_mail_is_replaced_at_once():
    # The server takes a message, then closes the idle connection only when the next MAIL FROM arrives (as a server
    # whose idle timer ran out at that moment would): nothing was probed before, so MAIL FROM finds the close, and a
    # new connection takes the message at once, with no retry spent (retries 0) and nothing sent twice.
    first = greeting_and_ehlo(["PIPELINING", "SIZE 10000000"]) + transaction() + [("expect", "MAIL FROM:.*|RSET"), ("close",)]
    second = greeting_and_ehlo(["PIPELINING", "SIZE 10000000"]) + transaction() + QUIT
    with ScriptedSmtp(first, second) as server:
        r, _ = mailing(server, 2, retries=0)
        assert_eq(r.code, 0, repr(r))
        assert_eq(server.errors, [], "dialog")
        assert_eq((server.connections, len(server.messages), server.accepted), (2, 2, 2), "connections, messages, taken")


def test_a_server_that_drops_connections_gets_every_message_once():
    # Each connection carries one message and is then closed by the server (as an idle timeout would).
    one = greeting_and_ehlo(["SIZE 10000000"]) + transaction(pipelining=False) + [("close",)]
    with ScriptedSmtp(*([one] * 10)) as server:
        r, _ = mailing(server, 10)
        assert_eq(r.code, 0, repr(r))
        assert_eq(len(server.messages), 10, "each message delivered")
        subjects = sorted(m.split(b"Subject: ")[1].split(b"\r\n")[0] for m in server.messages)
        assert_eq(len(set(subjects)), 10, "no message twice")
        assert_eq(server.connections, 10, "a new connection after each drop")


def test_pooling_off_opens_a_connection_per_message():
    one = greeting_and_ehlo(["SIZE 10000000"]) + transaction(pipelining=False) + QUIT
    with ScriptedSmtp(*([one] * 5)) as server:
        r, _ = mailing(server, 5, connection_pool=False)
        assert_eq(r.code, 0, repr(r))
        assert_eq(server.errors, [], "dialog")
        assert_eq((server.connections, len(server.messages)), (5, 5), "connections and messages")


tests(globals())
