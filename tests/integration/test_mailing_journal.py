"""A mailing (`rpa run --each`) sends every row exactly once across crashes: kill -9 at random points of a
500-row mailing to the test Postfix, rerun, and every recipient has one copy, except rows the journal calls
unknown, which the rerun reports. Unknown rows are resent only with --resend-unknown, under the same Message-ID;
duplicate rows are warned about and sent once."""
import collections
import glob
import json
import os
import random
import signal
import subprocess
import tempfile
import time
import uuid

from mbtest import RPA, _delivered_to, assert_eq, assert_in, run_diagram, servers, tests
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo


def write_csv(directory, recipients=None, text=None):
    """rows.csv in `directory`: `text` as it is, or a row (to, name) per recipient."""
    path = os.path.join(directory, "rows.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text if text is not None else
                "to,name\n" + "".join(f"{r},Получатель {i}\n" for i, r in enumerate(recipients)))
    return path


def write_diagram(directory, port, **extra):
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": {"$var": "to"}, "subject": {"$var": "name"}, "body": "Рассылка", "timeout": 10}
    inputs.update(extra)
    path = os.path.join(directory, "mailing.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"start": {"next": "send"}, "variables": {"to": "", "name": ""},
                   "blocks": {"send": {"type": "mail.send", "inputs": inputs}}}, f, ensure_ascii=False)
    return path


def run_mailing(work, port, csv, *args, **inputs):
    """`rpa run --each CSV ARGS` on the mailing diagram sending to `port`, with `inputs` over its defaults."""
    diagram = json.load(open(write_diagram(work, port, **inputs)))
    return run_diagram(diagram, json_output=False, extra_args=["--each", csv, *args])


def journal_states(path):
    """The last record of each row in a journal: {row number: (state, message_id)}."""
    last = {}
    with open(path, encoding="utf-8") as f:
        for line in list(f)[1:]:
            rec = json.loads(line)
            prev = last.get(rec["row"], (None, None))
            last[rec["row"]] = (rec["state"], rec.get("message_id", prev[1]))
    return last


def journal_size(path):
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def wait_queue_holds_none(tag, timeout=120):
    """Postfix has delivered everything it accepted for addresses containing `tag`: none is left in its queue
    (other tests' mail may be)."""
    config = os.path.join(servers()["MB_SERVERS_DIR"], "postfix")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run(["postqueue", "-c", config, "-p"], capture_output=True, text=True, check=True).stdout
        if tag not in out:
            return
        time.sleep(0.05)
    raise AssertionError(f"Postfix still holds mail for {tag}")


def deliveries(recipients):
    wanted = {r.lower() for r in recipients}
    counts = collections.Counter()
    for path in glob.glob(os.path.join(servers()["MB_MAIL_ROOT"], "new", "*")):
        to = _delivered_to(path)
        if to in wanted:
            counts[to] += 1
    return counts


def test_kill_9_at_random_points_then_rerun_delivers_each_row_once():
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    tag = uuid.uuid4().hex[:8]
    recipients = [f"kill-{tag}-{i}@example.org" for i in range(500)]
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, recipients)
        diagram = write_diagram(work, int(servers()["MB_SMTP_PLAIN_PORT"]))
        journal = csv + ".journal"
        kills = 0
        for _ in range(4):
            # A random byte of the journal (records before and after a send alternate), then a random number of
            # polls more: the kill lands anywhere in a row's cycle of record, send, record.
            target = journal_size(journal) + rng.randint(1, 100 * 320)
            extra_polls = rng.randint(0, 5)
            proc = subprocess.Popen([RPA, "run", diagram, "--each", csv], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            while proc.poll() is None and (journal_size(journal) < target or extra_polls > 0):
                if journal_size(journal) >= target:
                    extra_polls -= 1
                time.sleep(0.001)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
        assert kills >= 2, f"seed {seed}: the mailing ended before it could be killed twice"
        done = subprocess.run([RPA, "run", diagram, "--each", csv], capture_output=True, text=True, timeout=240)
        states = journal_states(journal)
        unknown = sorted(row for row, (state, _) in states.items() if state in ("sending", "unknown"))
        assert_eq(done.returncode, 1 if unknown else 0, f"seed {seed}: exit code\n{done.stderr}")
        assert_eq(len(states), 500, f"seed {seed}: rows in the journal")
        for row in unknown:
            assert_in(str(row), done.stderr.split("unknown", 2)[-1], f"seed {seed}: unknown row {row} reported")
        wait_queue_holds_none(tag)
        counts = deliveries(recipients)
        for row, address in enumerate(recipients, 1):
            allowed = (0, 1) if row in unknown else (1,)
            assert counts[address] in allowed, f"seed {seed}: row {row} ({address}) delivered {counts[address]} times, " \
                                               f"journal says {states.get(row)}"
        print(f"seed {seed}: {kills} kills, {len(unknown)} rows of unknown outcome, each other row delivered once")


def transaction(data_then):
    return greeting_and_ehlo(["SIZE 10000000"]) + [
        ("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<.+>"), ("send", "250 ok"), ("expect", "DATA"), ("send", "354 go"), ("data",)] + data_then


DELIVERED = [("send", "250 2.0.0 Ok: queued"), ("expect", "QUIT"), ("send", "221 bye")]
LOST = [("close",)]  # the connection ends after the final dot: the outcome is unknown


def message_id(raw):
    for line in raw.decode().split("\r\n"):
        if line.lower().startswith("message-id:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no Message-ID in {raw[:300]!r}")


def test_unknown_rows_are_reported_and_resent_only_when_asked_with_the_same_message_id():
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, ["a@example.org", "b@example.org", "c@example.org"])
        with ScriptedSmtp(transaction(DELIVERED), transaction(LOST), transaction(DELIVERED)) as server:
            r = run_mailing(work, server.port, csv, connection_pool=False, retries=0)
            assert_eq(len(server.messages), 3, "messages handed over")
            first_id = message_id(server.messages[1])
        assert_eq(r.code, 1, repr(r))
        assert_in("1 unknown", r.stderr, "summary")
        assert_in("--resend-unknown", r.stderr, "how to resend")
        assert_eq(journal_states(csv + ".journal")[2][0], "unknown", "row 2 in the journal")

        with ScriptedSmtp() as server:  # any connection would be a resend
            again = run_mailing(work, server.port, csv, connection_pool=False)
            assert_eq(server.connections, 0, "connections of a rerun without --resend-unknown")
        assert_eq(again.code, 1, repr(again))
        assert_in("2 rows sent before, 0 to send, 1 of unknown outcome not resent", again.stderr, "rerun")

        with ScriptedSmtp(transaction(DELIVERED)) as server:
            resent = run_mailing(work, server.port, csv, "--resend-unknown", connection_pool=False)
            assert_eq(resent.code, 0, repr(resent))
            assert_eq(len(server.messages), 1, "resent rows")
            assert_eq(message_id(server.messages[0]), first_id, "the resent row's Message-ID")
        assert_eq(journal_states(csv + ".journal")[2][0], "sent", "row 2 in the journal after the resend")


def test_each_row_records_the_message_id_it_sent_and_json_shows_each_rows_sent_message():
    # Without --json no row's output is shown, so the block makes no Sent message (mb_host_api.output_wanted): the
    # journal still records the Message-ID of each row's outcome, and --json still shows each row's Sent message.
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, ["a@example.org", "b@example.org"])
        with ScriptedSmtp(transaction(DELIVERED), transaction(DELIVERED)) as server:
            r = run_mailing(work, server.port, csv, connection_pool=False)
            delivered = [message_id(m).strip("<>") for m in server.messages]
        assert_eq(r.code, 0, repr(r))
        with open(csv + ".journal", encoding="utf-8") as f:
            outcomes = [json.loads(line) for line in list(f)[1:]]
        outcomes = [rec for rec in outcomes if rec["state"] == "sent"]
        # The id as the mailing gave it to the block, which added the sender's domain.
        assert_eq([f'{rec.get("message_id")}@example.org' for rec in outcomes], delivered, "the outcome records' ids")

        with ScriptedSmtp(transaction(DELIVERED), transaction(DELIVERED)) as server:
            shown = run_mailing(work, server.port, csv, "--json", "--journal", "off", connection_pool=False)
            delivered = [message_id(m).strip("<>") for m in server.messages]
        assert_eq(shown.code, 0, repr(shown))
        sent = [row["blocks"][0]["outputs"]["sent_message"] for row in json.loads(shown.stdout)]
        assert_eq([s["message_id"] for s in sent], delivered, "each row's Sent message")
        assert_in("To: <b@example.org>", sent[1]["bytes"], "the row's message as sent")


def test_duplicate_rows_are_warned_about_and_sent_once():
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, text="to,name\na@example.org,Анна\nb@example.org,Борис\na@example.org,Анна\n")
        with ScriptedSmtp(transaction(DELIVERED), transaction(DELIVERED)) as server:
            r = run_mailing(work, server.port, csv, connection_pool=False)
            assert_eq(r.code, 0, repr(r))
            assert_eq(len(server.messages), 2, "messages")
        assert_in("row 3 repeats row 1 (the same message to the same recipient): sent once", r.stderr, "warning")


def test_a_row_sent_then_stopped_by_a_later_block_is_not_sent_again():
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, ["a@example.org"])
        closed = ScriptedSmtp()
        closed.close()  # nothing listens on its port: Save to Sent fails
        with ScriptedSmtp(transaction(DELIVERED)) as server:
            d = json.load(open(write_diagram(work, server.port, connection_pool=False)))
            d["blocks"]["send"]["next"] = "save"
            d["blocks"]["save"] = {"type": "mail.save_to_sent", "inputs": {
                "sent_message": {"$link": "send.sent_message"}, "server": "127.0.0.1", "port": closed.port,
                "security": "None", "login": "robot@example.org", "password": {"$env": "MB_TEST_PASSWORD"},
                "timeout": 5}}
            r = run_diagram(d, env={"MB_TEST_PASSWORD": "x"}, json_output=False, extra_args=["--each", csv])
            assert_eq(len(server.messages), 1, "messages")
        assert_eq(r.code, 1, repr(r))
        assert_in("1 sent", r.stderr, "summary")
        assert_in("rows sent, then stopped by a later block's error (not sent again): 1", r.stderr, "summary")
        assert_eq(journal_states(csv + ".journal")[1][0], "sent", "the row in the journal")


def test_a_bad_row_stops_the_mailing_before_anything_is_sent():
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, text="to,pace\na@example.org,1\nb@example.org,fast\n")
        with ScriptedSmtp() as server:
            r = run_mailing(work, server.port, csv, "--var", "name=x", messages_per_second={"$var": "pace"})
            assert_eq(server.connections, 0, "connections")
        assert_eq(r.code, 2, repr(r))
        assert_in('row 2, column "pace": block "send", port "messages_per_second" ожидается число, получено "fast"', r.stderr, "problem")


if __name__ == "__main__":
    tests(globals())
