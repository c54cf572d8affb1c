"""Start -> Send email -> Save to Sent against the real Postfix and Dovecot: the Sent copy holds exactly the
delivered bytes (minus Postfix's trace headers), carries \\Seen, has no Bcc, lands in the folder each kind of
account uses, is stored once however often the block runs, and every failure says the email WAS delivered."""
import os

import mbtest
from mbtest import assert_eq, assert_in, assert_not_in, delivered, run_diagram, servers, tests, unique

S = servers()
ENV = {"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]}
SENT_DIRS = {"robot@mailblock.test": ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-",
             "plain@mailblock.test": ".Sent", "gmail@mailblock.test": ".[Gmail].Sent Mail",
             "full@mailblock.test": ".Sent"}
TRACE_HEADERS = (b"return-path:", b"x-original-to:", b"delivered-to:", b"received:")


def chain(user, save_inputs=None, saves=1, to=None, bcc=None, attachments=None):
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_STARTTLS_PORT"], "ssl": True, "ca_file": S["MB_CA_FILE"],
            "login": user, "password": {"$env": "SMTP_PASSWORD"}, "sender_email": user,
            "sender_name": "Робот", "recipient": to or unique("sent"), "subject": "В «Отправленные»",
            "body": "Копия должна лечь в папку отправленных."}
    if bcc:
        send["bcc"] = bcc
    if attachments:
        send["attachments"] = attachments
    blocks = {"send": {"type": "mail.send", "inputs": send, "next": "save1"}}
    for i in range(1, saves + 1):
        inputs = {"sent_message": {"$link": "send.sent_message"}, "port": S["MB_IMAP_PORT"], "security": "STARTTLS",
                  "ca_file": S["MB_CA_FILE"]}
        inputs.update(save_inputs or {})
        blocks[f"save{i}"] = {"type": "mail.save_to_sent", "inputs": inputs}
        if i < saves:
            blocks[f"save{i}"]["next"] = f"save{i + 1}"
    return run_diagram({"start": {"next": "send", "message_level": "Debug", "language": "en"}, "blocks": blocks},
                       env=ENV)


def sent_copies(user, to):
    return mbtest.sent_copies(user, SENT_DIRS[user], to)


def without_trace(raw):
    """The message as we sent it: Postfix's trace headers (and their folded lines) removed, LF line ends."""
    lines = raw.replace(b"\r\n", b"\n").split(b"\n")
    out, skipping, in_headers = [], False, True
    for line in lines:
        if in_headers and line == b"":
            in_headers = False
        if in_headers and line[:1] in (b" ", b"\t") and skipping:
            continue
        skipping = in_headers and line.lower().startswith(TRACE_HEADERS)
        if not skipping:
            out.append(line)
    return b"\n".join(out)


def test_sent_copy_equals_the_delivered_bytes_is_seen_and_has_no_bcc():
    user = "robot@mailblock.test"
    to, bcc = unique("chain"), unique("hidden")
    r = chain(user, to=to, bcc=bcc)
    assert_eq(r.code, 0, repr(r))
    out = r.block("save1")["outputs"]
    assert_eq(out["folder_used"], "Отправленные", "folder found by its \\Sent flag")
    assert_eq(out["outcome"], "stored", "outcome")
    assert isinstance(out["uid"], int) and out["uid"] > 0, f"APPENDUID gave {out['uid']!r}"
    new = sent_copies(user, to)
    assert_eq(len(new), 1, "one copy stored")
    assert new[0].endswith(",S") or ":2," in new[0] and "S" in new[0].rsplit(":2,", 1)[1], f"\\Seen flag in {new[0]}"
    stored = open(new[0], "rb").read()
    assert_eq(stored.replace(b"\r\n", b"\n"), without_trace(delivered(to)[0]), "Sent copy vs delivered bytes")
    assert_not_in(bcc.encode(), stored, "Bcc in the Sent copy")
    assert_in("derived from the SMTP server", r.stderr, "Debug log says what was derived")


def test_a_big_message_is_stored_from_its_spool_file():
    user = "robot@mailblock.test"
    with open(os.path.join(S["MB_SERVERS_DIR"], "big-12m.bin"), "wb") as f:
        f.write(os.urandom(12 * 1024 * 1024))
        path = f.name
    to = unique("big")
    r = chain(user, to=to, attachments=path)
    assert_eq(r.code, 0, repr(r))
    sent = r.block("send")["outputs"]["sent_message"]
    assert "bytes_file" in sent and "bytes" not in sent, "kept in a spool file, not in memory"
    assert not os.path.exists(sent["bytes_file"]), "the spool file is removed when rpa ends"
    new = sent_copies(user, to)
    assert_eq(len(new), 1, "one copy stored")
    stored = open(new[0], "rb").read()
    assert_eq(stored.replace(b"\r\n", b"\n"), without_trace(delivered(to)[0]), "big Sent copy vs delivered bytes")


def test_running_twice_stores_one_copy():
    user = "robot@mailblock.test"
    to = unique("twice")
    r = chain(user, saves=2, to=to)
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save2")["outputs"]["outcome"], "already_there", "second run")
    assert_eq(r.block("save2")["outputs"]["uid"], r.block("save1")["outputs"]["uid"], "same message")
    assert_eq(len(sent_copies(user, to)), 1, "copies stored")


def test_plain_sent_folder_without_special_use_is_found_by_name():
    r = chain("plain@mailblock.test")
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save1")["outputs"]["folder_used"], "Sent", "folder")


def test_gmail_like_folder_over_implicit_tls():
    # (Auto takes TLS on connect on 993 itself, which needs root to listen on: a unit test covers that mapping.)
    r = chain("gmail@mailblock.test", {"port": S["MB_IMAPS_PORT"], "security": "SSL on connect"})
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save1")["outputs"]["folder_used"], "[Gmail]/Sent Mail", "folder")


def test_cyrillic_folder_given_by_the_user():
    r = chain("robot@mailblock.test", {"folder": "Отправленные"})
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save1")["outputs"]["outcome"], "stored", "outcome")


def test_failures_say_the_email_was_delivered():
    cases = [
        ({"folder": "Нет такой"}, "folder_not_found", "robot@mailblock.test"),
        ({"password": {"$env": "WRONG"}}, "authentication", "robot@mailblock.test"),
        ({}, "over_quota", "full@mailblock.test"),
        ({"port": S["MB_IMAP_PORT"], "ssl": True, "ca_file": ""}, "tls", "robot@mailblock.test"),
    ]
    for inputs, kind, user in cases:
        r = run_with_wrong(user, inputs)
        assert_eq(r.code, 1, f"{kind}: {r!r}")
        assert_eq(r.block("send")["status"], "ok", f"{kind}: the email itself went out")
        err = r.block("save1")["error"]
        assert_eq(err["kind"], kind, "kind")
        assert_in("The email was delivered", err["message"], f"{kind}: message")
        assert err.get("hint") or kind == "rejected", f"{kind}: a hint"
        assert_not_in(S["MB_SMTP_PASSWORD"], r.stdout + r.stderr, "password printed")


def test_a_message_with_a_utf8_address_is_stored_as_sent():
    # Sent over SMTPUTF8 (Postfix's plain port offers it), so its To header carries the address in UTF-8.
    user, to = "robot@mailblock.test", "иван-" + unique().split("@")[0].split("-")[1] + "@example.org"
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": user, "recipient": to,
            "subject": "Адрес кириллицей", "body": "Копия в отправленных."}
    save = {"sent_message": {"$link": "send.sent_message"}, "server": S["MB_HOST"], "port": S["MB_IMAP_PORT"],
            "security": "STARTTLS", "ca_file": S["MB_CA_FILE"], "login": user, "password": {"$env": "SMTP_PASSWORD"}}
    r = run_diagram({"start": {"next": "send", "language": "en"},
                     "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                                "save": {"type": "mail.save_to_sent", "inputs": save}}}, env=ENV)
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "stored")
    assert_eq(len(sent_copies(user, to)), 1, "one copy, found by its UTF-8 recipient")


def run_with_wrong(user, inputs):
    os.environ["WRONG"] = "not-the-password"
    return chain(user, inputs)


tests(globals())
