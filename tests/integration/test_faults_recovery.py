"""Issue 5's faults against the scripted server, each counting deliveries on the server side: nothing is ever
lost silently and nothing is ever sent twice."""
import resource

from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, send_diagram, tests
from scripted_smtp import QUIT, ScriptedSmtp, greeting_and_ehlo
from scripted_smtp import transaction as transaction_to

TO = ["a@example.org", "b@example.org", "c@example.org"]


def diagram(port, **extra):
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": "; ".join(TO[:extra.pop("recipients", 1)]), "subject": "Fault", "body": "hi", "timeout": 3}
    inputs.update(extra)
    return send_diagram(inputs, start={"language": "en", "message_level": "Debug"})


def transaction(rcpt_replies=("250 ok",), final="250 2.0.0 Ok: queued as Q1", ehlo=("SIZE 10240000",)):
    steps = greeting_and_ehlo(list(ehlo)) + [("expect", r"MAIL FROM:<robot@example\.org>( SIZE=\d+)?"), ("send", "250 ok")]
    for reply in rcpt_replies:
        steps += [("expect", r"RCPT TO:<.+>"), ("send", reply)]
    return steps + [("expect", "DATA"), ("send", "354 go"), ("data",), ("send", final), ("expect", "QUIT"),
                    ("send", "221 bye")]


def test_421_on_connect_is_retried_once_and_delivered_once():
    with ScriptedSmtp([("send", "421 4.3.2 busy, try later"), ("close",)], transaction()) as server:
        r = run_diagram(diagram(server.port))
        assert_eq(r.code, 0, repr(r))
        assert_eq(server.connections, 2, "connections")
        assert_eq(len(server.messages), 1, "deliveries")
        assert_in("retrying in 1 s", r.stderr, "the retry is logged")


def test_retries_zero_reports_the_421_with_its_hint():
    with ScriptedSmtp([("send", "421 4.3.2 busy, try later"), ("close",)]) as server:
        r = run_diagram(diagram(server.port, retries=0))
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq((err["kind"], err["code"], err["enhanced"], err["stage"]), ("server_busy", 421, "4.3.2", "greeting"), "error")
        assert_in("587", err["hint"], "hint names the other port")
        assert_eq(server.connections, 1, "no retry")


def test_close_after_greeting_and_during_auth_are_retried_then_reported():
    scripts = [[("send", "220 x"), ("close",)]] * 3
    with ScriptedSmtp(*scripts) as server:
        # Backoff 1 s then 2 s: a 10 s budget leaves room for both retries (a 3 s one would allow only one).
        r = run_diagram(diagram(server.port, timeout=10))
        assert_eq(r.code, 1, repr(r))
        assert_eq(r.block("send")["error"]["kind"], "connection_lost", "kind")
        assert_eq(server.connections, 3, "1 attempt + 2 retries")
        assert_eq(len(server.messages), 0, "deliveries")
    auth = greeting_and_ehlo(["AUTH PLAIN"]) + [("expect", r"AUTH PLAIN \S+"), ("close",)]
    with ScriptedSmtp(auth, auth, auth) as server:
        r = run_diagram(diagram(server.port, login="u@example.org", password={"$env": "P"}, allow_insecure_auth=True),
                        env={"P": "pw-XYZ-secret"})
        assert_eq(r.block("send")["error"]["stage"], "auth", "stage")
        assert_not_in("pw-XYZ-secret", r.stdout + r.stderr, "password")


def test_close_during_data_is_retried_and_the_message_taken_once():
    # The final dot never went out, so the server cannot have taken the message: a new attempt is safe.
    script = transaction()[:-5] + [("expect", "DATA"), ("send", "354 go"), ("close",)]
    with ScriptedSmtp(script, transaction()) as server:
        r = run_diagram(diagram(server.port, body="x" * 3_000_000))
        assert_eq(r.code, 0, repr(r))
        assert_eq((server.connections, len(server.messages), server.accepted), (2, 1, 1), "connections, messages, accepted")


def test_452_on_one_of_three_recipients_gets_it_in_a_second_transaction():
    first = greeting_and_ehlo(["SIZE 10240000"]) + transaction_to(
        [("a@example.org", "250 ok"), ("b@example.org", "452 4.2.2 mailbox full"), ("c@example.org", "250 ok")])
    with ScriptedSmtp(first + transaction_to([("b@example.org", "250 ok")], "250 2.0.0 Ok: queued as Q2") + QUIT) as server:
        r = run_diagram(diagram(server.port, recipients=3))
        assert_eq(r.code, 0, repr(r))
        sent = r.block("send")["outputs"]["sent_message"]
        assert_eq([(x["address"], x["status"], x["queue_id"]) for x in sent["recipients"]],
                  [("a@example.org", "accepted", "Q1"), ("b@example.org", "accepted", "Q2"), ("c@example.org", "accepted", "Q1")],
                  "every recipient with the transaction that took it")
        assert_eq((len(server.messages), server.accepted, server.connections), (2, 2, 1), "messages, accepted, connections")
    refused = greeting_and_ehlo(["SIZE 10240000"]) + transaction_to(
        [("a@example.org", "250 ok"), ("b@example.org", "550 5.1.1 no such user"), ("c@example.org", "250 ok")]) + QUIT
    with ScriptedSmtp(refused) as server:
        r = run_diagram(diagram(server.port, recipients=3, recipient_errors="If any refused", error_level="Ignore"))
        assert_eq(r.code, 0, repr(r))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "recipient_rejected", "kind")
        assert_in("b@example.org: 550 5.1.1 no such user", err["message"], "names the refused recipient")
        assert r.block("send")["outputs"]["sent_message"], "the sent message is still output"


def test_size_over_the_servers_limit_fails_before_mail_from():
    with ScriptedSmtp(greeting_and_ehlo(["SIZE 1000"]) + [("expect", "QUIT"), ("send", "221 bye")]) as server:
        r = run_diagram(diagram(server.port, body="x" * 5000))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "size_exceeded", "kind")
        assert_in("1000 bytes", err["message"], "the server's limit")
        assert_not_in("MAIL FROM", " ".join(server.received), "nothing was offered")


def test_garbage_and_a_10_mb_reply_line_are_protocol_errors_in_bounded_memory():
    with ScriptedSmtp([("send", "hello, I am not SMTP"), ("close",)]) as server:
        r = run_diagram(diagram(server.port, retries=0))
        assert_eq(r.block("send")["error"]["kind"], "protocol", "garbage")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with ScriptedSmtp([("send", "220-" + "x" * 10_000_000), ("close",)]) as server:
        r = run_diagram(diagram(server.port, retries=0))
        assert_eq(r.block("send")["error"]["kind"], "protocol", "10 MB line")
        assert_in("longer than 8 KB", r.block("send")["error"]["message"], "message")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # Relative to the same rpa reading a short reply, so that it holds in the sanitizer build too (ASan's shadow
    # memory alone is ~100 MB): holding the 10 MB line would add at least 10 MB.
    assert peak_kb - before < 5_000, f"rpa peaked at {peak_kb} KB, {peak_kb - before} KB over a short reply"


tests(globals())
