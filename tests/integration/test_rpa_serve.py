"""`rpa serve`, the runtime bridge (docs/serve-protocol.md), driven as an engine drives it: JSON lines in, JSON
lines out. Real sends through the test Postfix and Dovecot; a scripted server only for a stall; a fixture plugin
for a block that hangs or crashes. No event may carry a secret."""
import json
import os
import queue
import re
import subprocess
import tempfile
import threading
import time

import mbtest
from mbtest import RPA, assert_eq, assert_in, assert_not_in, delivered, servers, tests, unique
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

S = servers()
PASSWORD = S["MB_SMTP_PASSWORD"]
MISBEHAVING = os.path.join(os.path.dirname(RPA), "tests", "fixtures", "libmisbehaving_plugin.so")
SENT_FOLDER = ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"  # robot@mailblock.test's «Отправленные»


class Serve:
    """One `rpa serve` process; a thread reads its events into a queue, keeping every raw line for the leak checks."""

    def __init__(self, *args):
        self.proc = subprocess.Popen([RPA, "serve", "--plugin", MISBEHAVING, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = []
        self.events = queue.Queue()
        self.pending = {}  # id -> events seen while waiting for another id
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8")
            self.lines.append(line)
            self.events.put(json.loads(line))
        self.events.put(None)  # end of file

    def send(self, request):
        self.proc.stdin.write((json.dumps(request, ensure_ascii=False) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def next_event(self, timeout=60):
        event = self.events.get(timeout=timeout)
        if event is None:
            raise EOFError("rpa serve closed its output")
        return event

    def events_until_done(self, run_id, timeout=60):
        """Every event of `run_id` up to and including its done event, in order."""
        got = self.pending.pop(run_id, [])
        deadline = time.monotonic() + timeout
        while not got or got[-1]["event"] != "done":
            event = self.next_event(max(0.01, deadline - time.monotonic()))
            if event.get("id") == run_id:
                got.append(event)
            else:
                self.pending.setdefault(event.get("id"), []).append(event)
        return got

    def protocol_error(self, timeout=60):
        """The next error event; run events on the way are kept for their ids."""
        while True:
            event = self.next_event(timeout)
            if event["event"] == "error":
                return event
            self.pending.setdefault(event.get("id"), []).append(event)

    def done(self, run_id, timeout=60):
        return self.events_until_done(run_id, timeout)[-1]

    def run(self, run_id, block, inputs, **extra):
        self.send({"op": "run", "id": run_id, "block": block, "inputs": inputs,
                   "settings": {"language": "en", "message_level": "Detailed"}, **extra})

    def close(self):
        self.proc.stdin.close()
        code = self.proc.wait(timeout=10)
        self.stderr = self.proc.stderr.read().decode("utf-8", "replace")
        return code

    def all_output(self):
        return "".join(self.lines)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def send_inputs(to, **extra):
    inputs = {"server": S["MB_HOST"], "port": int(S["MB_SMTP_STARTTLS_PORT"]), "ssl": True, "ca_file": S["MB_CA_FILE"],
              "login": "robot@mailblock.test", "password": PASSWORD, "sender_email": "robot@mailblock.test",
              "recipient": to, "subject": "Через мост", "body": "Письмо из rpa serve"}
    inputs.update(extra)
    return inputs


def test_describe_gives_the_manifests_plugins():
    manifest = json.loads(subprocess.run([RPA, "manifest"], check=True, capture_output=True, text=True).stdout)
    with Serve() as serve:
        serve.send({"op": "describe"})
        event = serve.next_event()
        assert_eq(event["event"], "describe", "event")
        assert_eq(event["abi"], manifest["abi"], "abi")
        assert_in("0.", event["version"], "version")
        mail = [p for p in event["plugins"] if p["id"] == "mailblock"]
        assert_eq(mail, manifest["plugins"], "the manifest's plugin, as is")
        assert_eq(serve.close(), 0, "exit status after end of input")


def test_send_then_save_to_sent_by_handle_with_no_secret_in_any_event():
    to = unique("serve")
    with Serve() as serve:
        serve.run("send-1", "mail.send", send_inputs(to), scope="flow-1")
        events = serve.events_until_done("send-1")
        done = events[-1]
        assert_eq(done["error"], None, "send error")
        assert_in("log", [e["event"] for e in events], "Detailed logs come as log events")
        message = done["outputs"]["sent_message"]
        assert_eq(message["to"][0]["address"], to, "the sent message's recipient")
        assert_eq(message["account"]["credential"], "***", "the account's secret handle is masked")
        assert_not_in("password", message["account"], "the account carries no password")
        assert re.fullmatch(r"h-\d+", message["$handle"]), message["$handle"]
        delivered(to)

        # The object as it came (an engine's msg.sent_message), nothing typed twice: the handle brings the password.
        serve.run("save-1", "mail.save_to_sent", {"sent_message": message, "port": int(S["MB_IMAP_PORT"]),
                                                  "security": "STARTTLS", "ca_file": S["MB_CA_FILE"]}, scope="flow-1")
        saved = serve.done("save-1")
        assert_eq(saved["error"], None, "save error")
        assert_eq(saved["outputs"]["outcome"], "stored", "outcome")
        assert_eq(len(mbtest.sent_copies("robot@mailblock.test", SENT_FOLDER, to)), 1, "one copy in Sent")

        # Once the scope ends its handles are gone, and the error names the port.
        serve.send({"op": "end_scope", "scope": "flow-1"})
        serve.run("save-2", "mail.save_to_sent", {"sent_message": {"$handle": message["$handle"]}})
        again = serve.done("save-2")
        assert_eq(again["error"]["kind"], "invalid_input", "released handle")
        assert_in('port "sent_message"', again["error"]["message"], "names the port")
        serve.close()
        assert_not_in(PASSWORD, serve.all_output(), "the password in an event")
        assert_not_in(PASSWORD, serve.stderr, "the password on stderr")


def test_a_sent_message_of_a_run_without_a_scope_lends_no_password():
    to = unique("unscoped")
    with Serve() as serve:
        serve.run("send", "mail.send", send_inputs(to))
        message = serve.done("send")["outputs"]["sent_message"]
        delivered(to)
        # The run's own scope ended with it: the plugin dropped the password, and Save to Sent says which ports to fill.
        serve.run("save", "mail.save_to_sent", {"sent_message": message, "port": int(S["MB_IMAP_PORT"]),
                                                "security": "STARTTLS", "ca_file": S["MB_CA_FILE"]})
        saved = serve.done("save")
        assert saved["error"] is not None, "saved with a password of an ended run"
        assert_in("password", saved["error"]["message"] + saved["error"]["hint"], "names the Password port")
        assert_eq(len(mbtest.sent_copies("robot@mailblock.test", SENT_FOLDER, to)), 0, "no copy in Sent")


def test_a_big_attachment_reports_progress_by_the_percent():
    to = unique("progress")
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(os.urandom(3 << 20))
        f.flush()
        with Serve() as serve:
            serve.run("big", "mail.send", send_inputs(to, attachments=f.name, message_level="Release"))
            events = serve.events_until_done("big", timeout=120)
    assert_eq(events[-1]["error"], None, "send error")
    progress = [(e["done"], e["total"]) for e in events if e["event"] == "progress"]
    assert len(progress) >= 10, f"progress events: {progress}"
    assert len(progress) <= 102, f"{len(progress)} progress events: one per percent at most"
    total = progress[-1][1]
    assert total > 3 << 20, f"total {total}: the message's size in bytes"
    assert_eq(progress[-1][0], total, "the last one is complete")
    assert_eq([d for d, _ in progress], sorted(d for d, _ in progress), "in order")
    delivered(to)


def test_a_runs_variables_fill_the_template_places_its_inputs_leave_open():
    folder = mbtest.temp_folder("mb-serve-tpl-")
    path = os.path.join(folder, "letter.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write("Заказ {{order}} для {{client}} готов.")
    to = unique("serve-template")
    with Serve() as serve:
        serve.run("tpl-1", "mail.send", send_inputs(to, body="", template=path, template_values={"client": "Анна"}),
                  variables={"order": 4711, "client": "not this one"})
        done = serve.done("tpl-1")
        assert_eq(done["error"], None, repr(done))
    body = mbtest.parse(delivered(to)[0]).get_body(("plain",)).get_content()
    assert_in("Заказ 4711 для Анна готов.", body, "a variable fills what Template values leaves open")


def test_a_hand_made_object_is_refused_naming_the_port():
    with Serve() as serve:
        serve.run("x", "mail.save_to_sent", {"sent_message": {"message_id": "<a@b>", "bytes_file": "/etc/passwd"}})
        done = serve.done("x")
        assert_eq(done["error"]["kind"], "invalid_input", "kind")
        assert_in('port "sent_message" (Sent message) takes an object output of an earlier run', done["error"]["message"],
                  "message")


def test_invalid_inputs_are_all_named_and_a_secret_is_not_echoed():
    with Serve() as serve:
        serve.run("bad", "mail.send", {"port": "abc", "password": PASSWORD, "nope": 1})
        done = serve.done("bad")
        assert_eq(done["error"]["kind"], "invalid_input", "kind")
        for problem in ['port "port" expects a Number, got "abc"', 'port "recipient"', 'port "nope"']:
            assert_in(problem, done["error"]["message"], "every problem at once")
        assert_eq(done["outputs"]["error_text"], done["error"]["message"], "error_text output")
        serve.send({"op": "run", "id": "bad"})  # no block: still one done event for the id
        assert_eq(serve.done("bad")["error"]["kind"], "invalid_input", "no block")
        serve.send({"op": "frobnicate"})
        assert_eq(serve.protocol_error(), {"event": "error", "message": 'unknown op "frobnicate"'}, "protocol error")
        serve.close()
        assert_not_in(PASSWORD, serve.all_output(), "the password")


def test_two_runs_in_flight_keep_their_own_outputs_and_order():
    with Serve() as serve:
        # Both are in flight together: the slow one starts first and works until the test lets it end, after the
        # fast one is done.
        gate = os.path.join(mbtest.temp_folder(), "slow-may-end")
        serve.run("slow", "test.misbehave", {"what": "slow one", "wait_ms": 60000, "until_file": gate})
        serve.run("fast", "test.misbehave", {"what": "fast one", "wait_ms": 50})
        first_done = None
        while first_done is None:
            event = serve.next_event()
            serve.pending.setdefault(event.get("id"), []).append(event)
            if event["event"] == "done":
                first_done = event["id"]
        assert_eq(first_done, "fast", "the runs overlap: the later, shorter one ends first")
        open(gate, "w").close()
        for run_id, text in (("slow", "slow one"), ("fast", "fast one")):
            events = serve.events_until_done(run_id)
            kinds = [e["event"] for e in events]
            assert_eq(kinds[0], "log", f"{run_id}: its log line first")
            assert_eq(events[0]["text"], f"echo {text}", f"{run_id}: its own log line")
            assert_in("progress", kinds, f"{run_id}: progress")
            assert_eq(kinds.count("done"), 1, f"{run_id}: one done, last")
            assert_eq(events[-1]["outputs"]["echo"], text, f"{run_id}: its own output")
            dones = [e["done"] for e in events if e["event"] == "progress"]
            assert_eq(dones, sorted(dones), f"{run_id}: progress in order")


def test_cancel_ends_a_stalled_send_within_a_second():
    script = greeting_and_ehlo() + [("expect", r"MAIL FROM:.*"), ("stall",)]
    with ScriptedSmtp(script) as server, Serve() as serve:
        serve.run("stalled", "mail.send", {"server": "127.0.0.1", "port": server.port, "security": "None",
                                           "sender_email": "a@example.org", "recipient": "b@example.org",
                                           "timeout": 60, "retries": 0})
        # The send is waiting on the server once its MAIL FROM is logged (Detailed shows the dialog).
        while not any(e["event"] == "log" and "MAIL FROM" in e["text"] for e in serve.pending.get("stalled", [])):
            event = serve.next_event()
            serve.pending.setdefault(event.get("id"), []).append(event)
        started = time.monotonic()
        serve.send({"op": "cancel", "id": "stalled"})
        done = serve.done("stalled", timeout=5)
        elapsed = time.monotonic() - started
        assert_eq(done["error"]["kind"], "cancelled", "kind")
        assert elapsed < 1.0, f"the cancelled run ended after {elapsed:.2f} s"
        assert_eq(server.messages, [], "nothing was sent")


def test_a_hanging_block_does_not_hold_up_other_runs_and_is_cancelled_on_time():
    with Serve("--parallel", "2") as serve:
        serve.run("hang", "test.misbehave", {"what": "hang"})
        serve.run("ok", "test.misbehave", {"what": "still served"})
        assert_eq(serve.done("ok")["outputs"]["echo"], "still served", "the other run")
        started = time.monotonic()
        serve.send({"op": "cancel", "id": "hang"})
        done = serve.done("hang", timeout=5)
        assert_eq(done["error"]["kind"], "cancelled", "kind")
        assert time.monotonic() - started < 1.0, "cancelled within a second"
        # Its slot is free again: two more runs go through with --parallel 2.
        serve.run("ok2", "test.misbehave", {"what": "a"})
        serve.run("ok3", "test.misbehave", {"what": "b"})
        assert_eq(serve.done("ok2")["error"], None, "ok2")
        assert_eq(serve.done("ok3")["error"], None, "ok3")
        started = time.monotonic()
        assert_eq(serve.close(), 0, "exit status with an abandoned thread still inside the plugin")
        assert time.monotonic() - started < 2.0, "shutdown waits at most a second"


def test_a_waiting_run_is_cancelled_at_once_and_an_id_in_flight_is_not_taken_twice():
    with Serve("--parallel", "1") as serve:
        serve.run("busy", "test.misbehave", {"what": "busy", "wait_ms": 60000})
        serve.run("queued", "test.misbehave", {"what": "never runs"})
        serve.run("busy", "test.misbehave", {"what": "again"})
        assert_eq(serve.protocol_error(), {"event": "error", "id": "busy",
                                       "message": 'a run with id "busy" is already in flight'}, "duplicate id")
        serve.send({"op": "cancel", "id": "queued"})
        events = serve.events_until_done("queued", timeout=5)
        assert_eq([e["event"] for e in events], ["done"], "the waiting run never started")
        assert_eq(events[0]["error"]["kind"], "cancelled", "kind")
        assert_eq(events[0]["outputs"], {"echo": None, "error_text": "The run was cancelled."}, "outputs")
        # A shutdown request ends the process with stdin still open, cancelling the busy run first.
        serve.send({"op": "shutdown"})
        assert_eq(serve.done("busy", timeout=5)["error"]["kind"], "cancelled", "busy run")
        assert_eq(serve.proc.wait(timeout=5), 0, "exit status")


def test_a_crashing_block_ends_the_process_and_the_client_sees_end_of_file():
    with Serve() as serve:
        serve.run("slow", "test.misbehave", {"what": "in flight", "wait_ms": 60000})
        serve.run("boom", "test.misbehave", {"what": "crash"})
        try:
            while True:
                serve.next_event(timeout=30)
        except EOFError:
            pass
        assert serve.proc.wait(timeout=10) != 0, "a crash is a non-zero exit status"


def smtp_connections(queue_ids):
    """How many smtpd connections of the test Postfix carried these queue ids: for each, the last 'connect from'
    logged by the same smtpd process before its 'QUEUEID: client=' line. Other tests' connections do not count."""
    with open(S["MB_POSTFIX_LOG"], encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    last_connect, connections, found = {}, set(), set()
    for number, line in enumerate(lines):
        m = re.search(r"postfix/smtpd\[(\d+)\]: (?:connect from|([0-9A-F]+): client=)", line)
        if not m:
            continue
        if m.group(2) is None:
            last_connect[m.group(1)] = number
        elif m.group(2) in queue_ids:
            connections.add(last_connect[m.group(1)])
            found.add(m.group(2))
    assert_eq(found, set(queue_ids), "every queue id is in Postfix's log")
    return len(connections)


def test_two_hundred_messages_through_one_process_use_a_handful_of_connections():
    to = unique("bulk")
    with Serve() as serve:
        for i in range(200):
            serve.run(f"m{i}", "mail.send", send_inputs(to, subject=f"Рассылка {i}", message_level="Release"),
                      linked=[])
        queue_ids = []
        for i in range(200):
            done = serve.done(f"m{i}", timeout=240)
            assert_eq(done["error"], None, f"message {i}")
            queue_ids.append(done["outputs"]["sent_message"]["queue_id"])
        serve.close()
        assert_not_in(PASSWORD, serve.all_output(), "the password")
    delivered(to, count=200, timeout=60)
    connections = smtp_connections(set(queue_ids))
    assert 1 <= connections <= 8, f"{connections} SMTP connections for 200 messages"


tests(globals())
