"""A mailing shows its progress: on a terminal a line redrawn with rows done of the total, rate, refused,
unknown and the time left; with --json, "progress" events at most once a second on stderr and a "finished"
event, saying when messages_per_second is what limits the rate. Ctrl+C lets the current message finish,
journals it, prints the summary with how to resume; the rerun sends the rest, each row once."""
import json
import os
import pty
import signal
import subprocess
import tempfile
import threading
import time
import uuid

from mbtest import RPA, assert_eq, assert_in, assert_not_in, servers, tests
from test_mailing_journal import deliveries, journal_states, wait_queue_holds_none, write_csv, write_diagram


def test_ctrl_c_finishes_the_current_row_and_json_progress_shows_the_rate_limit():
    tag = uuid.uuid4().hex[:8]
    recipients = [f"progress-{tag}-{i}@example.org" for i in range(40)]
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, recipients)
        diagram = write_diagram(work, int(servers()["MB_SMTP_PLAIN_PORT"]), messages_per_second=10)
        proc = subprocess.Popen([RPA, "run", diagram, "--each", csv, "--json"], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        lines = []  # (time read, line) of stderr

        def read_stderr():
            for line in proc.stderr:
                lines.append((time.monotonic(), line))

        reader = threading.Thread(target=read_stderr)
        reader.start()
        # Ctrl+C once the third progress event (two seconds in, 20 or so rows) has been read.
        while proc.poll() is None and sum('"event":"progress"' in l for _, l in lines) < 3:
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        stdout = proc.stdout.read()
        proc.wait(timeout=60)
        reader.join()
        stderr = "".join(l for _, l in lines)
        assert_eq(proc.returncode, 1, stderr)
        assert_in("stopped by Ctrl+C", stderr, "summary")
        assert_in(f"rpa: to resume: rpa run {diagram} --each {csv}", stderr, "how to resume")
        assert_not_in("\r", stderr, "a progress line on a pipe")
        states = journal_states(csv + ".journal")
        assert_eq(sorted({state for state, _ in states.values()}), ["sent"], "every row begun was finished")
        assert 0 < len(states) < 40, f"{len(states)} rows sent before the Ctrl+C"
        assert_eq(len(json.loads(stdout)), len(states), "results on stdout")

        events = [(t, json.loads(l)) for t, l in lines if l.startswith('{"event"')]
        progress = [(t, e) for t, e in events if e["event"] == "progress"]
        for (t1, _), (t2, _) in zip(progress, progress[1:]):
            assert t2 - t1 > 0.9, f"two progress events {t2 - t1:.2f} s apart"
        assert_eq(progress[-1][1]["total"], 40, "total")
        assert_eq(progress[-1][1]["limited_by"], "messages_per_second", "what limits the rate")
        assert 5 < progress[-1][1]["rate"] <= 11, f"rate {progress[-1][1]['rate']} under a limit of 10/s"
        finished = events[-1][1]
        assert_eq((finished["event"], finished["done"], finished["sent"]), ("finished", len(states), len(states)),
                  "the last event")

        rerun = subprocess.run([RPA, "run", diagram, "--each", csv], capture_output=True, text=True, timeout=120)
        assert_eq(rerun.returncode, 0, rerun.stderr)
        assert_in(f"{len(states)} rows sent before, {40 - len(states)} to send", rerun.stderr, "resume")
        wait_queue_holds_none(tag)
        counts = deliveries(recipients)
        assert_eq(sorted(set(counts[r] for r in recipients)), [1], "deliveries per recipient")


def test_a_terminal_shows_a_progress_line():
    tag = uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory() as work:
        csv = write_csv(work, [f"tty-{tag}-{i}@example.org" for i in range(20)])
        diagram = write_diagram(work, int(servers()["MB_SMTP_PLAIN_PORT"]))
        master, slave = pty.openpty()
        proc = subprocess.Popen([RPA, "run", diagram, "--each", csv], stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed: rpa exited
                break
            if not chunk:
                break
            out += chunk
        os.close(master)
        assert_eq(proc.wait(timeout=60), 0, out)
        text = out.decode()
        assert_in("\rrpa: 20 of 20 rows, ", text, "the progress line")
        assert_in(", refused 0, unknown 0", text, "the progress line")
        assert_in("rpa: 20 rows: 20 sent, 0 partial, 0 refused, 0 unknown", text, "summary")


if __name__ == "__main__":
    tests(globals())
