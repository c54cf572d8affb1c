"""Send email delivers real mail through Postfix: UTF-8 text and HTML, CC, BCC (envelope only) and
attachments, a recipient at a Cyrillic domain, a Cyrillic mailbox name (SMTPUTF8), over plain SMTP and over STARTTLS with AUTH PLAIN and LOGIN; the
delivered bytes are checked."""
import email
import email.policy
import hashlib
import os
import tempfile

from mbtest import (assert_eq, assert_in, assert_not_delivered, assert_not_in, delivered, parse, run_diagram, send_diagram, servers,
                    tests, unique)

S = servers()


def authed(extra):
    base = {"server": S["MB_HOST"], "port": int(S["MB_SMTP_STARTTLS_PORT"]), "ssl": True, "ca_file": S["MB_CA_FILE"],
            "login": S["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"}, "sender_email": S["MB_SMTP_USER"]}
    base.update(extra)
    return base


PASSWORD_ENV = {"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]}


def test_plain_text_with_cc_and_bcc():
    to, cc, bcc = unique("ivan"), unique("boss"), unique("audit", "example.net")
    r = run_diagram(send_diagram({
        "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": "robot@mailblock.test",
        "sender_name": "Робот Отчётов", "recipient": f"Иван Петров <{to}>", "cc": cc, "bcc": bcc,
        "subject": "Отчёт за май — готов", "body": "Добрый день!\nОтчёт готов.\n.\nКонец."}))
    assert_eq(r.code, 0, repr(r))
    raw = delivered(to)[0]
    msg = parse(raw)
    assert_eq(str(msg["Subject"]), "Отчёт за май — готов", "subject")
    assert_eq(msg["From"].addresses[0].display_name, "Робот Отчётов", "sender name")
    assert_eq(msg["To"].addresses[0].display_name, "Иван Петров", "recipient name")
    assert_eq(msg["Cc"].addresses[0].addr_spec, cc, "cc")
    assert_eq(msg["Bcc"], None, "no Bcc header")
    assert_not_in(bcc.encode(), raw.split(b"\r\n\r\n", 1)[0].split(b"\n", 3)[-1], "bcc in headers")
    assert_eq(msg.get_content().replace("\r\n", "\n"), "Добрый день!\nОтчёт готов.\n.\nКонец.\n", "body")
    assert_in("@mailblock.test>", msg["Message-ID"], "message id domain")
    # The blind copy arrived by the envelope alone, and the CC too.
    assert_eq(parse(delivered(bcc)[0])["Message-ID"], msg["Message-ID"], "bcc copy")
    delivered(cc)
    sent = r.block("send")["outputs"]["sent_message"]
    assert_eq(sorted(a["address"] for a in sent["accepted"]), sorted([to, cc, bcc]), "accepted recipients")
    assert_eq(sent["bcc"][0]["address"], bcc, "bcc kept apart")
    assert_not_in(bcc, sent["bytes"], "bcc in the sent bytes")
    assert_in("queued as", sent["server_reply"]["text"], "final reply")


def test_a_cyrillic_domain_is_delivered_by_its_ascii_form():
    local = unique("ivan").split("@")[0]
    r = run_diagram(send_diagram({
        "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": "robot@mailblock.test",
        "recipient": f"Иван <{local}@Пример.РФ>", "subject": "Кириллический домен", "body": "Дошло."}))
    assert_eq(r.code, 0, repr(r))
    ascii_address = f"{local}@xn--e1afmkfd.xn--p1ai"
    msg = parse(delivered(ascii_address)[0])
    assert_eq(msg["To"].addresses[0].addr_spec, ascii_address, "the To header carries the ASCII form")
    assert_eq(msg["To"].addresses[0].display_name, "Иван", "the name stays")
    sent = r.block("send")["outputs"]["sent_message"]
    assert_eq([a["address"] for a in sent["accepted"]], [ascii_address], "accepted as")


def test_a_cyrillic_mailbox_name_goes_with_smtputf8_and_never_to_a_server_without_it():
    local = "иван-" + unique().split("@")[0].split("-")[1]
    to, copy = f"{local}@example.org", unique("copy")
    inputs = {"sender_email": "robot@mailblock.test", "recipient": f"Иван <{local}@example.org>", "cc": copy,
              "subject": "Адрес кириллицей", "body": "Дошло по SMTPUTF8."}
    # The plain port offers SMTPUTF8: MAIL FROM says so and the To header carries the address in UTF-8 (RFC 6532).
    r = run_diagram(send_diagram({**inputs, "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"]},
                                 start={"message_level": "Detailed"}))
    assert_eq(r.code, 0, repr(r))
    assert_in("SMTPUTF8", [l for l in r.stderr.splitlines() if "MAIL FROM:" in l][0], "MAIL FROM asks for SMTPUTF8")
    raw = delivered(to)[0]
    assert_in(f"<{local}@example.org>".encode(), raw, "the address in UTF-8 in the To header")
    to_field = email.message_from_string(raw.decode(), policy=email.policy.default)["To"]  # RFC 6532: UTF-8 headers
    assert_eq((to_field.addresses[0].display_name, to_field.addresses[0].username), ("Иван", local), "parsed back")
    delivered(copy)
    # The submission port does not: an error that says why, and nothing sent to anyone.
    copy2 = unique("copy2")
    r = run_diagram(send_diagram({**authed(inputs), "cc": copy2}), env=PASSWORD_ENV)
    err = r.block("send")["error"]
    assert_eq(err["kind"], "message_rejected", str(err))
    assert_in("SMTPUTF8", err["message"], "the message names what is missing")
    assert_eq(err["stage"], "mail", "refused before MAIL FROM")
    assert_not_delivered(copy2, "the CC got a copy from a server without SMTPUTF8")


def test_starttls_auth_plain_html_and_attachments():
    to = unique("html")
    with tempfile.TemporaryDirectory() as tmp:
        binary = os.path.join(tmp, "data.bin")
        with open(binary, "wb") as f:
            f.write(os.urandom(300_000) + b"\x00\r\n.\r\n")
        text_file = os.path.join(tmp, "report.csv")
        with open(text_file, "wb") as f:
            f.write("дата;сумма\n2026-05-01;100\n".encode())
        r = run_diagram(send_diagram(authed({
            "auth_method": "PLAIN", "recipient": to, "subject": "HTML и вложения", "html": True,
            "body": "<h1>Привет</h1><p>Отчёт &amp; данные</p>",
            "attachments": {"Отчёт за май.csv": text_file, "data.bin": binary}})), env=PASSWORD_ENV)
        assert_eq(r.code, 0, repr(r))
        msg = parse(delivered(to)[0])
        assert_eq(msg.get_content_type(), "multipart/mixed", "outer type")
        body = msg.get_body(preferencelist=("html",))
        assert_in("<h1>Привет</h1>", body.get_content(), "html part")
        plain = msg.get_body(preferencelist=("plain",))
        assert_in("Привет", plain.get_content(), "derived text part")
        parts = {p.get_filename(): p.get_payload(decode=True) for p in msg.iter_attachments()}
        assert_eq(sorted(parts), sorted(["Отчёт за май.csv", "data.bin"]), "attachment names")
        with open(binary, "rb") as f:
            assert_eq(hashlib.sha256(parts["data.bin"]).hexdigest(), hashlib.sha256(f.read()).hexdigest(), "binary bytes")
        with open(text_file, "rb") as f:
            assert_eq(parts["Отчёт за май.csv"], f.read(), "csv bytes")
        assert_eq(r.block("send")["outputs"]["sent_message"]["account"]["login"], S["MB_SMTP_USER"], "account")


def test_starttls_auth_login():
    to = unique("login")
    r = run_diagram(send_diagram(authed({"auth_method": "LOGIN", "recipient": to, "subject": "LOGIN", "body": "x"}),
                                 start={"message_level": "Detailed"}), env=PASSWORD_ENV)
    assert_eq(r.code, 0, repr(r))
    assert_in("C: AUTH LOGIN", r.stderr, "dialog shown at Detailed")
    assert_in("S: 235", r.stderr, "authenticated")
    assert_not_in(S["MB_SMTP_PASSWORD"], r.stderr + r.stdout, "password printed")
    delivered(to)


def test_sent_bytes_are_what_postfix_delivered():
    to = unique("bytes")
    r = run_diagram(send_diagram(authed({"recipient": to, "subject": "Bytes", "body": "line\r\n.dot\nend"})),
                    env=PASSWORD_ENV)
    assert_eq(r.code, 0, repr(r))
    raw = delivered(to)[0].decode()
    sent = r.block("send")["outputs"]["sent_message"]["bytes"]
    # Postfix prepends its trace headers (Return-Path, Delivered-To, Received...) and keeps the rest as sent.
    assert raw.replace("\r\n", "\n").endswith(sent.replace("\r\n", "\n")), "delivered tail differs from sent bytes"


tests(globals())
