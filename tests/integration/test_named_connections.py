"""Named connections (issue 19): `rpa connection add|list|show|check|disable|enable|remove` and the blocks'
Connection port, against the real Postfix and Dovecot. The password comes from an environment variable, is kept in
the 0600 store and never printed; a diagram that gives only recipient, subject and body sends through the connection
and Save to Sent stores the copy; the block's own settings win; a disabled or unknown connection sends nothing.
Every run uses its own XDG_CONFIG_HOME, so the user's store is never touched."""
import atexit
import json
import os
import pty
import select
import shutil
import signal
import stat
import subprocess
import time

import mbtest
from mbtest import (RPA, assert_eq, assert_in, assert_not_delivered, assert_not_in, delivered, parse, run_diagram,
                    servers, tests, unique)

S = servers()
USER = S["MB_SMTP_USER"]
PASSWORD = S["MB_SMTP_PASSWORD"]
SENT = ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"  # robot's «Отправленные»
CONFIG = mbtest.temp_folder("mb-connections-")
atexit.register(shutil.rmtree, CONFIG, True)
ENV = {"XDG_CONFIG_HOME": CONFIG}
STORE = os.path.join(CONFIG, "mailblock", "credentials.json")
LOG = os.path.join(CONFIG, "office.log")


def rpa(*args, env=None, stdin=subprocess.DEVNULL):
    return subprocess.run([RPA, *args], capture_output=True, text=True, stdin=stdin, timeout=120,
                          env={**os.environ, **ENV, **(env or {})})


def add(name="office", *extra):
    r = rpa("connection", "add", name, "--server", S["MB_HOST"], "--port", S["MB_SMTP_STARTTLS_PORT"], "--security",
            "STARTTLS", "--ca-file", S["MB_CA_FILE"], "--login", USER, "--password-env", "CONN_PASSWORD", "--sender",
            USER, "--sender-name", "Робот офиса", "--description", "Postfix на петле", "--imap-server", S["MB_HOST"],
            "--imap-port", S["MB_IMAP_PORT"], "--imap-security", "STARTTLS", "--log-file", LOG, "--log-mode", "Full",
            "--replace", *extra, env={"CONN_PASSWORD": PASSWORD})
    assert_eq(r.returncode, 0, r.stderr)
    assert_not_in(PASSWORD, r.stdout + r.stderr, "add's output")
    return r


def diagram(send, save=None, language="en"):
    blocks = {"send": {"type": "mail.send", "inputs": send}}
    if save is not None:
        blocks["send"]["next"] = "save"
        blocks["save"] = {"type": "mail.save_to_sent", "inputs": {"sent_message": {"$link": "send.sent_message"}, **save}}
    return {"start": {"next": "send", "language": language, "message_level": "Debug"}, "blocks": blocks}


def message(to, **extra):
    return {"connection": "office", "recipient": to, "subject": "Через подключение", "body": "Настройки у админа.",
            **extra}


def test_add_keeps_the_password_private_and_list_and_show_never_print_it():
    r = add()
    assert_in('Saved connection "office"', r.stdout, "add says what it did")
    assert_in("password: stored", r.stdout, "add says the password is kept")
    assert_eq(stat.S_IMODE(os.stat(STORE).st_mode), 0o600, "store mode")
    with open(STORE, encoding="utf-8") as f:
        store = json.load(f)
    assert_eq(store["version"], 2, "a store with connections is version 2")
    assert_eq(store["connections"]["office"]["password"], PASSWORD, "the password is kept in the store")
    listed = rpa("connection", "list")
    assert_eq(listed.returncode, 0, listed.stderr)
    lines = listed.stdout.splitlines()
    assert_eq(lines[0], "NAME\tSERVER\tLOGIN\tSTATE\tDESCRIPTION", "list header")
    assert_in(f"office\t{S['MB_HOST']}:{S['MB_SMTP_STARTTLS_PORT']}\t{USER}\tenabled\tPostfix на петле", lines, "row")
    shown = rpa("connection", "show", "office")
    assert_eq(shown.returncode, 0, shown.stderr)
    assert_in("password: stored", shown.stdout, "show")
    assert_in(f"imap server: {S['MB_HOST']}:{S['MB_IMAP_PORT']}", shown.stdout, "show")
    assert_in("log mode: Full", shown.stdout, "show")
    for out in (listed, shown):
        assert_not_in(PASSWORD, out.stdout + out.stderr, "list/show")


def test_the_password_never_comes_from_the_command_line():
    r = rpa("connection", "add", "x", "--server", S["MB_HOST"], "--login", USER, "--password", PASSWORD)
    assert_eq(r.returncode, 2, r.stderr)
    assert_in("unknown option --password", r.stderr, "no such option")
    r = rpa("connection", "add", "x", "--server", S["MB_HOST"], "--login", USER)  # stdin is not a terminal
    assert_eq(r.returncode, 2, r.stderr)
    assert_in("--login robot@mailblock.test needs a password: --password-env VAR", r.stderr, "refused clearly")
    r = rpa("connection", "add", "x", "--server", S["MB_HOST"], "--login", USER, "--password-env", "CONN_UNSET")
    assert_eq(r.returncode, 2, r.stderr)
    assert_in("--password-env CONN_UNSET: the variable is not set", r.stderr, "unset variable")
    names = [line.split("\t")[0] for line in rpa("connection", "list").stdout.splitlines()[1:]]
    assert_not_in("x", names, "nothing was saved")


def test_on_a_terminal_the_password_is_asked_without_echo():
    """A pseudo-terminal plays the administrator: the prompt comes, the typed password is not echoed back, and it
    is what the store keeps."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: rpa on the terminal
        os.execve(RPA, [RPA, "connection", "add", "typed", "--server", S["MB_HOST"], "--login", USER, "--replace"],
                  {**os.environ, **ENV})
    deadline = time.monotonic() + 60

    def read():  # what the terminal shows next; b"" once rpa ended (or, as a failure, when it never answers)
        if not select.select([fd], [], [], max(0, deadline - time.monotonic()))[0]:
            os.kill(pid, signal.SIGKILL)
            return b""
        try:
            return os.read(fd, 1024)
        except OSError:  # the terminal closes when rpa ends
            return b""

    seen = b""
    while b"Password for" not in seen and (chunk := read()):
        seen += chunk
    os.write(fd, b"Typed-S3cret\n")
    while chunk := read():
        seen += chunk
    _, status = os.waitpid(pid, 0)
    assert_eq(os.waitstatus_to_exitcode(status), 0, seen.decode(errors="replace"))
    assert_in(b"password: stored", seen, "saved")
    assert_not_in(b"Typed-S3cret", seen, "no echo of the typed password")
    with open(STORE, encoding="utf-8") as f:
        assert_eq(json.load(f)["connections"]["typed"]["password"], "Typed-S3cret", "the typed password is kept")


def test_a_diagram_naming_the_connection_sends_and_saves_to_sent():
    add()
    to = unique("conn")
    r = run_diagram(diagram(message(to), save={"connection": "office"}), env=ENV)
    assert_eq(r.code, 0, repr(r))
    got = parse(delivered(to)[0])
    assert_eq(got["From"].addresses[0].addr_spec, USER, "sender from the connection")
    assert_eq(got["From"].addresses[0].display_name, "Робот офиса", "sender name from the connection")
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "Save to Sent")
    assert_eq(len(mbtest.sent_copies(USER, SENT, to)), 1, "the copy in Dovecot's Sent")
    assert_in('connection "office" gives: server, port, security, ca_file, login', r.stderr, "Debug log")
    assert_not_in(PASSWORD, r.stdout + r.stderr, "output")
    with open(LOG, encoding="utf-8") as f:
        log = f.read()
    assert_in(to.split("@")[0], log + json.dumps(r.result), "the run is known")
    assert_in(r.block("send")["outputs"]["sent_message"]["message_id"], log, "the file log of the connection")
    assert_not_in(PASSWORD, log, "file log")


def test_the_blocks_own_settings_win():
    add()
    to, other = unique("own"), "plain@mailblock.test"
    r = run_diagram(diagram(message(to, sender_email=other, sender_name="Свой")), env=ENV)
    assert_eq(r.code, 0, repr(r))
    got = parse(delivered(to)[0])
    assert_eq(got["From"].addresses[0].addr_spec, other, "the block's sender")
    assert_eq(got["From"].addresses[0].display_name, "Свой", "the block's name")
    # A port of the block's own that is wrong fails where the connection's would have worked.
    to = unique("ownport")
    r = run_diagram(diagram(message(to, port=int(S["MB_SMTP_SMTPS_PORT"]), timeout=5, retries=0)), env=ENV)
    assert_eq(r.code, 1, repr(r))
    assert_in(S["MB_SMTP_SMTPS_PORT"], json.dumps(r.block("send")["error"]), "the block's port was used")
    assert_not_delivered(to, "a wrong port of the block's own")


def test_a_disabled_connection_sends_nothing_until_enabled():
    add()
    assert_eq(rpa("connection", "disable", "office").returncode, 0, "disable")
    assert_in("office\t", [line[:7] for line in rpa("connection", "list").stdout.splitlines()], "still listed")
    assert_in("disabled", rpa("connection", "show", "office").stdout, "show says disabled")
    to = unique("disabled")
    r = run_diagram(diagram(message(to)), env=ENV)
    assert_eq(r.code, 1, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "connection_disabled", "kind")
    assert_eq(err["fate"], "not_sent", "fate")
    assert_in('Connection (connection): connection "office" is disabled', err["message"], "message")
    assert_in("rpa connection enable office", err["hint"], "what to do")
    ru = run_diagram(diagram(message(to), language="ru"), env=ENV)
    assert_in("«Подключение» (connection): подключение «office» отключено", ru.block("send")["error"]["message"], "ru")
    assert_not_delivered(to, "a disabled connection")
    assert_eq(rpa("connection", "enable", "office").returncode, 0, "enable")
    r = run_diagram(diagram(message(to)), env=ENV)
    assert_eq(r.code, 0, repr(r))
    mbtest.assert_delivered_exactly(to, 1, "sent once enabled")


def test_an_unknown_connection_is_a_clear_error_and_sends_nothing():
    to = unique("unknown")
    r = run_diagram(diagram(dict(message(to), connection="nowhere")), env=ENV)
    assert_eq(r.code, 1, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "invalid_input", "kind")
    assert_in('The message was not sent', err["message"], "fate first")
    assert_in('Connection (connection): there is no connection "nowhere"', err["message"], "message")
    assert_in("rpa connection add nowhere", err["hint"], "what to do")
    assert_not_delivered(to, "an unknown connection")
    r = rpa("connection", "show", "nowhere")
    assert_eq(r.returncode, 1, r.stderr)
    assert_in('no connection "nowhere"', r.stderr, "show")


def test_without_a_connection_the_sender_is_still_required():
    to = unique("nosender")
    r = run_diagram(diagram({"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "recipient": to}), env=ENV)
    assert_eq(r.code, 1, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "invalid_input", "kind")
    assert_in("Sender email (sender_email): is empty (neither here nor in the Connection)", err["message"], "message")
    assert_not_delivered(to, "no sender")


def test_check_signs_in_and_with_to_delivers_a_test_message():
    add()
    r = rpa("connection", "check", "office", "--lang", "en", "--json")
    assert_eq(r.returncode, 0, r.stderr)
    stages = json.loads(r.stdout)["blocks"][0]["outputs"]["check_report"]["stages"]
    assert_eq([(s["stage"], s["ok"]) for s in stages][-1], ("auth", True), "signed in")
    to, second = unique("check"), unique("check2")
    r = rpa("connection", "check", "office", "--to", to, "--to", second, "--lang", "en")
    assert_eq(r.returncode, 0, r.stdout + r.stderr)
    for address in (to, second):
        assert_eq(parse(delivered(address)[0])["Subject"], "Email settings check", "the test message")
    assert_not_in(PASSWORD, r.stdout + r.stderr, "check output")


def test_remove_deletes_it_and_keeps_the_rest():
    add("spare")
    r = rpa("connection", "remove", "spare")
    assert_eq(r.returncode, 0, r.stderr)
    names = [line.split("\t")[0] for line in rpa("connection", "list").stdout.splitlines()[1:]]
    assert_not_in("spare", names, "removed")
    assert_eq(rpa("connection", "remove", "spare").returncode, 1, "a second remove: no such connection")


if __name__ == "__main__":
    tests(globals())
