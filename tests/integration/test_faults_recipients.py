"""Recipients the server will not take now (RFC 5321 4.5.3.1.10): after "452 Too many recipients" the rest go in
further transactions on the same connection, other 4xx recipients are retried within the budget, and a delivery that
still misses someone is an error that lists every recipient's fate (and the file log says "partial"). Against the
scripted server, counting the messages it received and took."""
import os
import tempfile
import time

from mbtest import assert_eq, assert_in, run_diagram, send_diagram, tests
from scripted_smtp import QUIT, ScriptedSmtp, greeting_and_ehlo, transaction

TO = ["a@example.org", "b@example.org", "c@example.org", "d@example.org"]
OPEN = greeting_and_ehlo(["SIZE 10240000"])
AGAIN = [("expect", "RSET"), ("send", "250 ok")]


def diagram(port, count, **extra):
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": "; ".join(TO[:count]), "subject": "Many", "body": "hi", "timeout": 3}
    inputs.update(extra)
    return send_diagram(inputs, start={"language": "en"})


def fates(r):
    return [(x["address"], x["status"], x.get("queue_id")) for x in r.block("send")["outputs"]["sent_message"]["recipients"]]


def test_452_after_two_recipients_sends_the_rest_in_a_second_transaction():
    full = "452 4.5.3 Too many recipients"
    script = OPEN + transaction([(TO[0], "250 ok"), (TO[1], "250 ok"), (TO[2], full), (TO[3], full)]) + transaction(
        [(TO[2], "250 ok"), (TO[3], "250 ok")], "250 2.0.0 Ok: queued as Q2") + QUIT
    with ScriptedSmtp(script) as server:
        started = time.monotonic()
        r = run_diagram(diagram(server.port, 4))
        assert_eq(r.code, 0, repr(r))
        assert_eq(server.errors, [], "dialog")
        assert_eq((server.connections, len(server.messages), server.accepted), (1, 2, 2), "connections, messages, accepted")
        assert_eq(fates(r), [(TO[0], "accepted", "Q1"), (TO[1], "accepted", "Q1"), (TO[2], "accepted", "Q2"),
                             (TO[3], "accepted", "Q2")], "every recipient and its transaction")
        assert time.monotonic() - started < 2, "no backoff for recipients left by a limit"


def test_a_busy_mailbox_is_retried_after_a_backoff():
    busy = "450 4.2.1 mailbox busy"
    script = OPEN + transaction([(TO[0], "250 ok"), (TO[1], busy)]) + transaction([(TO[1], busy)]) + AGAIN + transaction(
        [(TO[1], "250 ok")], "250 2.0.0 Ok: queued as Q2") + QUIT
    with ScriptedSmtp(script) as server:
        started = time.monotonic()
        r = run_diagram(diagram(server.port, 2, retries=1))
        assert_eq(r.code, 0, repr(r))
        assert_eq(server.errors, [], "dialog")
        assert_eq((len(server.messages), server.accepted), (2, 2), "messages, accepted")
        assert_eq(fates(r), [(TO[0], "accepted", "Q1"), (TO[1], "accepted", "Q2")], "fates")
        assert time.monotonic() - started < 1 + 2.5, "one backoff of 1 s"


def test_a_recipient_still_deferred_makes_a_partial_delivery_that_is_an_error_and_logged():
    busy = "450 4.2.1 mailbox busy"
    script = OPEN + transaction([(TO[0], "250 ok"), (TO[1], busy), (TO[2], "550 5.1.1 no such user")]) + transaction(
        [(TO[1], busy)]) + AGAIN + transaction([(TO[1], busy)]) + QUIT
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(script) as server:
        log = os.path.join(tmp, "send.log")
        started = time.monotonic()
        r = run_diagram(diagram(server.port, 3, retries=1, log_file=log, log_mode="Full"))
        elapsed = time.monotonic() - started
        assert_eq(r.code, 1, repr(r))
        assert_eq((len(server.messages), server.accepted), (1, 1), "messages, accepted")
        err = r.block("send")["error"]
        assert_eq(err["kind"], "partial", "kind")
        assert_in("The message was not sent to every recipient. 1 of 3 have it", err["message"], "fate first")
        assert_in("1 of 3 have it (a@example.org)", err["message"], "names who has it")
        assert_in("b@example.org: 450 4.2.1 mailbox busy", err["message"], "names who does not")
        assert_eq(fates(r), [(TO[0], "accepted", "Q1"), (TO[1], "deferred", None), (TO[2], "refused", None)], "fates")
        assert_eq(open(log, encoding="utf-8").read().split("\t")[5], "partial", "the log's outcome")
        assert elapsed < 3 * 2 + 1 + 2, f"took {elapsed:.1f} s"


tests(globals())
