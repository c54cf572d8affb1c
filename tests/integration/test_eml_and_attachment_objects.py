"""«Только сохранить .eml» (the File transport) and attachments handed over as objects {name, content_base64 |
path, content_type}. The .eml is parsed strictly (policy.default, no defects), holds the attachments' exact bytes,
and nothing is sent (no server is even named); the same attachments sent through the real Postfix arrive intact."""
import base64
import hashlib
import os

from mbtest import assert_eq, delivered, parse, run_diagram, send_diagram, servers, tests, unique
import mbtest

S = servers()
TMP = mbtest.temp_folder("mb-eml-")
PDF = b"%PDF-1.4\n" + os.urandom(3000)
CSV = "имя;сумма\nИван;1\n".encode()
CSV_PATH = os.path.join(TMP, "data.csv")
with open(CSV_PATH, "wb") as f:
    f.write(CSV)
ATTACHMENTS = [{"name": "Отчёт.pdf", "content_base64": base64.b64encode(PDF).decode(), "content_type": "application/pdf"},
               {"name": "итог.csv", "path": CSV_PATH, "content_type": "text/csv"}]


def message_inputs(to):
    return {"sender_email": "robot@mailblock.test", "recipient": to, "subject": "Объекты-вложения",
            "body": "<p>См. вложения</p>", "html": True, "attachments": ATTACHMENTS}


def check_message(raw, what):
    msg = parse(raw)
    for part in msg.walk():
        assert_eq([type(d).__name__ for d in part.defects], [], f"{what}: defects in {part.get_content_type()}")
    got = {p.get_filename(): (p.get_content_type(), hashlib.sha1(p.get_payload(decode=True)).hexdigest())
           for p in msg.iter_attachments()}
    assert_eq(got, {"Отчёт.pdf": ("application/pdf", hashlib.sha1(PDF).hexdigest()),
                    "итог.csv": ("text/csv", hashlib.sha1(CSV).hexdigest())}, what)
    return msg


def test_only_save_eml_writes_the_message_and_sends_nothing():
    path = os.path.join(TMP, "dry-run.eml")
    r = run_diagram(send_diagram({**message_inputs(unique("eml")), "save_eml": path}))
    assert_eq(r.code, 0, repr(r))
    with open(path, "rb") as f:
        raw = f.read()
    assert_eq(os.path.exists(path + ".part"), False, "no half-written file stays")
    sent = r.block("send")["outputs"]["sent_message"]
    assert_eq(sent["size"], len(raw), "the Sent message's size is the file's")
    assert_eq(sent["bytes"].encode(), raw, "Save to Sent would store the same bytes")
    assert_eq([x["status"] for x in sent["recipients"]], ["not_sent"], "nobody got it")
    check_message(raw, "eml")


def test_an_unwritable_eml_path_is_an_error_naming_it():
    path = "/nonexistent-folder/x.eml"
    r = run_diagram(send_diagram({**message_inputs(unique("eml")), "save_eml": path}))
    assert_eq(r.code != 0, True, repr(r))
    assert_eq(path in r.stdout, True, repr(r))


def test_attachment_objects_arrive_through_postfix():
    to = unique("objects")
    r = run_diagram(send_diagram({**message_inputs(to), "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"]}))
    assert_eq(r.code, 0, repr(r))
    check_message(delivered(to)[0], "delivered")


def test_content_base64_that_is_not_base64_names_the_port():
    r = run_diagram(send_diagram({**message_inputs(unique("bad")), "save_eml": os.path.join(TMP, "bad.eml"),
                                  "attachments": [{"name": "a.bin", "content_base64": "@@not base64@@"}]}))
    assert_eq(r.code != 0, True, repr(r))
    assert_eq("content_base64" in r.stdout and "a.bin" in r.stdout, True, repr(r))


if __name__ == "__main__":
    tests(globals())
