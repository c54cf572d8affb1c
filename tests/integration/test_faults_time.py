"""Time is bounded: the Timeout is a deadline for a whole attempt, whatever the server does (trickles its reply a
byte at a time, stops reading in the middle of the data), and Ctrl+C stops a send within a second at any stage,
saying what became of the message; a second Ctrl+C ends rpa at once. Against the scripted server."""
import json
import os
import signal
import subprocess
import tempfile
import time

from mbtest import RPA, assert_eq, assert_in, run_diagram, send_diagram, tests
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo


def diagram(port, **extra):
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": "to@example.org", "subject": "Time", "body": "hi", "timeout": 2, "retries": 0}
    inputs.update(extra)
    return send_diagram(inputs, start={"language": "en"})


def stall_in_data():
    """A server that takes DATA and then stops reading."""
    return greeting_and_ehlo(["SIZE 100000000"]) + [
        ("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 ok"), ("expect", "DATA"), ("send", "354 go"), ("stall",)]


def big_attachment(folder):
    """40 MB: more than any socket buffer holds, so a server that stops reading stops the client's writes."""
    path = os.path.join(folder, "big.bin")
    with open(path, "wb") as f:
        f.write(os.urandom(40 * 1024 * 1024))
    return path


def test_a_trickling_server_cannot_hold_the_block_beyond_its_timeout():
    # One byte every half second: each read is quick, the reply never ends in time.
    trickle = [("trickle", "220 slow.test ESMTP " + "x" * 40, 0.5)]
    with ScriptedSmtp(trickle, trickle) as server:
        started = time.monotonic()
        r = run_diagram(diagram(server.port, timeout=2, retries=1))
        elapsed = time.monotonic() - started
        err = r.block("send")["error"]
        assert_eq((err["kind"], err["stage"]), ("timeout", "greeting"), "error")
        assert_eq((server.connections, len(server.messages)), (2, 0), "connections, messages")
        # Timeout x (Retries + 1) + backoff.
        assert elapsed < 2 * 2 + 1 + 1.5, f"took {elapsed:.1f} s"


def test_a_server_that_stops_reading_during_the_data_is_a_timeout():
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(stall_in_data()) as server:
        started = time.monotonic()
        r = run_diagram(diagram(server.port, timeout=3, retries=0, attachments=[big_attachment(tmp)]))
        elapsed = time.monotonic() - started
        err = r.block("send")["error"]
        assert_eq((err["kind"], err["stage"]), ("timeout", "data"), "error")
        assert_eq((server.connections, len(server.messages), server.accepted), (1, 0, 0), "connections, messages, accepted")
        assert elapsed < 3 + 2.5, f"took {elapsed:.1f} s for a 3 s timeout"


def start_rpa(port, folder, **extra):
    path = os.path.join(folder, "d.json")
    with open(path, "w") as f:
        json.dump(diagram(port, **extra), f)
    return subprocess.Popen([RPA, "run", path, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_ctrl_c_stops_a_send_in_the_middle_of_the_data_within_a_second():
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(stall_in_data()) as server:
        proc = start_rpa(server.port, tmp, timeout=60, attachments=[big_attachment(tmp)])
        assert server.stalled.wait(30), "the server never got to the data"
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        elapsed = time.monotonic() - signalled
        assert_eq(proc.returncode, 1, out + err)
        error = json.loads(out)["blocks"][0]["error"]
        assert_eq((error["kind"], error["stage"]), ("cancelled", "data"), "error")
        assert_in("not sent", error["message"], "says the message's fate")
        assert_eq((len(server.messages), server.accepted), (0, 0), "messages, accepted")
        assert elapsed < 1.5, f"stopped {elapsed:.1f} s after Ctrl+C"


def test_ctrl_c_while_waiting_for_the_reply_to_the_message_says_its_fate_is_unknown():
    script = stall_in_data()[:-1] + [("data",), ("stall",)]
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(script) as server:
        proc = start_rpa(server.port, tmp, timeout=60)
        assert server.stalled.wait(30), "the server never got the message"
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        elapsed = time.monotonic() - signalled
        error = json.loads(out)["blocks"][0]["error"]
        assert_eq((error["kind"], error["stage"]), ("unknown_outcome", "end_of_data"), "error")
        assert_in("unknown whether the message was accepted", error["message"], "says the message's fate")
        assert_eq((len(server.messages), server.accepted, server.connections), (1, 0, 1), "messages, accepted, connections")
        assert elapsed < 1.5, f"stopped {elapsed:.1f} s after Ctrl+C"


def signal_delivered(pid, signum):
    """True once `signum` is no longer pending for the process (its handler has run or is running)."""
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    mask = 1 << (signum - 1)
    return not (int(fields["SigPnd"], 16) & mask or int(fields["ShdPnd"], 16) & mask)


def test_a_second_ctrl_c_ends_rpa_at_once():
    # The message is sent; at exit rpa closes its pooled connection, and the server never answers QUIT: a wait that
    # one Ctrl+C does not cut short, the second one does.
    script = stall_in_data()[:-1] + [("data",), ("send", "250 2.0.0 Ok: queued as Q1"), ("expect", "QUIT"), ("stall",)]
    with tempfile.TemporaryDirectory() as tmp, ScriptedSmtp(script) as server:
        proc = start_rpa(server.port, tmp, timeout=60)
        assert server.stalled.wait(30), "rpa never sent QUIT"
        signalled = time.monotonic()
        proc.send_signal(signal.SIGINT)
        while proc.poll() is None and not signal_delivered(proc.pid, signal.SIGINT):
            time.sleep(0.005)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        assert_eq(proc.returncode, 130, "exit code of an interrupted rpa")
        assert time.monotonic() - signalled < 0.9, "rpa did not end at once"


tests(globals())
