"""MIME conformance over a table of tricky inputs. Each case is sent through our block to the real Postfix,
then the sent bytes are checked line by line (CRLF only, no line over 998, headers folded within 78) and the
delivered copy is parsed by Python's email package with policy.default: no defects, and subject, names, body
and attachment bytes equal to what the diagram gave."""
import email
import email.policy
import hashlib
import os

from mbtest import assert_eq, assert_not_in, delivered, run_diagram, send_diagram, servers, tests, unique
import mbtest

S = servers()
TMP = mbtest.temp_folder("mb-mime-")


def file_of(name, data):
    path = os.path.join(TMP, hashlib.sha1(name.encode()).hexdigest())
    with open(path, "wb") as f:
        f.write(data)
    return path


def expected_body(body):
    """Line ends become CRLF (read back as \\n) and the text ends with a line end."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return text if not text or text.endswith("\n") else text + "\n"


CASES = {
    "cyrillic": dict(subject="Отчёт за май", name="Иван Петров", body="Добрый день!\nВсё готово."),
    "emoji": dict(subject="Готово 🎉 ✅ — 100%", name="Робот 🤖", body="Смайлы: 😀😃😄\n"),
    "long_subject": dict(subject=("Очень длинная тема письма, mixed with English words, и ещё 😀 " * 8).strip(),
                         body="x"),
    "long_ascii_subject": dict(subject="word " * 60 + "end", body="x"),
    "long_unbroken_line": dict(subject="Long line", body="A" * 5000 + "\nБ" * 3 + "\n" + "Я" * 3000),
    "dots": dict(subject="Dots", body=".\n..\n.leading dot\nmiddle . dot\n.\n"),
    "line_end_mix": dict(subject="Mix", body="crlf\r\nlf\ncr\rend"),
    "empty_body": dict(subject="Empty", body=""),
    "quoted_name": dict(subject="Names", name='Petrov, Ivan "The Robot"', body="x"),
    "html": dict(subject="HTML", body="<html><body><h1>Привет</h1><p>Тест &amp; проверка</p></body></html>", html=True),
    "attachments": dict(subject="Вложения", body="см. вложения",
                        attachments={"Отчёт за май.pdf": b"%PDF-1.4\n" + os.urandom(4096),
                                     "empty.txt": b"",
                                     "очень длинное имя файла вложения с пробелами и точками... итог.xlsx": os.urandom(777),
                                     "plain.csv": "a;b\n1;2\n".encode()}),
    "big_attachment": dict(subject="20 MB", body="big", attachments={"big.bin": os.urandom(20 * 1024 * 1024)}),
    "thirty_recipients": dict(subject="30", body="x", recipients=30),
}


def check_sent_bytes(raw, case):
    assert_not_in(b"\r\r", raw, f"{case}: doubled CR")
    lines = raw.split(b"\r\n")
    assert_eq(b"\n" in b"".join(lines), False, f"{case}: bare LF")
    assert_eq(b"\r" in b"".join(lines), False, f"{case}: lone CR")
    header_end = lines.index(b"")
    for line in lines:
        assert len(line) <= 998, f"{case}: line of {len(line)} octets"
    for line in lines[:header_end]:
        assert len(line) <= 78, f"{case}: header line of {len(line)}: {line[:90]!r}"


def check_no_defects(msg, case):
    for part in msg.walk():
        assert_eq([type(d).__name__ for d in part.defects], [], f"{case}: defects in {part.get_content_type()}")


def run_case(case, spec):
    count = spec.get("recipients", 1)
    to = [unique(f"mime-{case.replace('_', '-')}") for _ in range(count)]
    names = [f"Получатель {i}" if i % 2 else f"Recipient, No. {i}" for i in range(count)]
    recipient = "; ".join(f'"{n}" <{a}>' if "," in n else f"{n} <{a}>" for n, a in zip(names, to)) if count > 1 else to[0]
    attachments = {n: file_of(n, data) for n, data in spec.get("attachments", {}).items()}
    inputs = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": "robot@mailblock.test",
              "sender_name": spec.get("name", ""), "recipient": recipient, "subject": spec["subject"],
              "body": spec["body"], "html": spec.get("html", False)}
    if attachments:
        inputs["attachments"] = attachments
    r = run_diagram(send_diagram(inputs))
    assert_eq(r.code, 0, f"{case}: {r!r}"[:3000])
    sent = r.block("send")["outputs"]["sent_message"]
    if "bytes" in sent:
        check_sent_bytes(sent["bytes"].encode(), case)
    else:
        # A big message that no later block reads is streamed while it is sent: neither kept in memory nor on disk.
        assert "bytes_file" not in sent and sent["size"] > 20 * 1024 * 1024, sent

    raw = delivered(to[0], timeout=60)[0]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    check_no_defects(msg, case)
    assert_eq(str(msg["Subject"]), spec["subject"], f"{case}: subject")
    assert_eq(msg["From"].addresses[0].display_name, spec.get("name", ""), f"{case}: sender name")
    assert_eq(msg["Bcc"], None, f"{case}: Bcc")
    got_to = [(a.display_name, a.addr_spec) for a in msg["To"].addresses]
    want_to = list(zip(names, to)) if count > 1 else [("", to[0])]
    assert_eq(got_to, want_to, f"{case}: To")
    if spec.get("html"):
        assert_eq(msg.get_body(("html",)).get_content().replace("\r\n", "\n"), expected_body(spec["body"]), f"{case}: html")
        assert "Привет" in msg.get_body(("plain",)).get_content(), f"{case}: plain twin"
    else:
        assert_eq(msg.get_body(("plain",)).get_content().replace("\r\n", "\n"), expected_body(spec["body"]), f"{case}: body")
    got_files = {p.get_filename(): hashlib.sha256(p.get_payload(decode=True)).hexdigest() for p in msg.iter_attachments()}
    want_files = {n: hashlib.sha256(d).hexdigest() for n, d in spec.get("attachments", {}).items()}
    assert_eq(got_files, want_files, f"{case}: attachments")


def make_test(case, spec):
    def test():
        run_case(case, spec)
    return test


for _case, _spec in CASES.items():
    globals()[f"test_{_case}"] = make_test(_case, _spec)

tests(globals())
