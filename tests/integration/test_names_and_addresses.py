"""What a user pastes in is taken as a mail client would: addresses copied from a spreadsheet, spaces (no-break
ones too) around them, are trimmed and delivered; an address still invalid names the port and the reason in the
diagram's language; a long Cyrillic display name reaches Python's email parser with no word cut in two."""
import email
import email.header
import email.policy
import re

from mbtest import assert_eq, assert_in, assert_not_delivered, delivered, run_diagram, send_diagram, servers, tests, unique

S = servers()
NBSP = "\u00a0"


def send(language="ru", **inputs):
    base = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": "robot@mailblock.test",
            "subject": "s", "body": "b"}
    base.update(inputs)
    return run_diagram(send_diagram(base, start={"language": language}))


def test_spreadsheet_spaces_around_addresses_are_trimmed():
    to, cc, bcc, reply = unique("trim-to"), unique("trim-cc"), unique("trim-bcc"), unique("trim-reply")
    r = send(sender_email=f"  robot@mailblock.test{NBSP}\t", recipient=[f"{NBSP}{to} ", ""], cc=f"\t{cc}{NBSP}",
             bcc=f" {bcc}\u200b", reply_to=f"{NBSP}Отдел <{reply}>{NBSP}")
    assert_eq(r.code, 0, repr(r))
    msg = email.message_from_bytes(delivered(to)[0], policy=email.policy.default)
    assert_eq(msg["From"].addresses[0].addr_spec, "robot@mailblock.test", "From")
    assert_eq(msg["Reply-To"].addresses[0].addr_spec, reply, "Reply-To")
    delivered(cc)
    delivered(bcc)


def test_an_invalid_address_or_file_names_the_port_and_the_reason_in_russian():
    to = unique("invalid")
    r = send(recipient=f"{to}; Иван Петров ivan@", sender_email="robot @mailblock.test", attachments="/nonexistent/Отчёт.pdf")
    assert_eq(r.code, 1, repr(r))
    err = r.block("send")["error"]
    assert_eq((err["kind"], err["fate"]), ("invalid_input", "not_sent"), str(err))
    assert err["message"].startswith("Письмо не отправлено. Неверные входные данные:"), err["message"]
    assert_in("(sender_email): \"robot @mailblock.test\" — не адрес электронной почты (пробел внутри)", err["message"], "sender")
    assert_in("(recipient): \"Иван Петров ivan@\" — не адрес электронной почты", err["message"], "recipient")
    assert_in('(attachments): файла "/nonexistent/Отчёт.pdf" нет', err["message"], "attachment")
    assert "valid" not in err["message"] and "file" not in err["message"], err["message"]
    assert_not_delivered(to, "a message went out despite the invalid input")


def test_a_long_cyrillic_name_is_never_cut_inside_a_word():
    to = unique("long-name")
    name = "Сидоров-Кузнецов Александр Константинович (бухгалтерия, отдел расчётов)"
    r = send(recipient=f"\"{name}\" <{to}>", sender_name=name)
    assert_eq(r.code, 0, repr(r))
    raw = delivered(to)[0]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for header in ("From", "To"):
        shown = msg[header].addresses[0].display_name
        # Python's parser puts a space between adjacent encoded words of a name (against RFC 2047 6.2), so a cut
        # inside a word would show as «Сидоров-Ку знецов»; cut only after spaces, every word arrives whole.
        assert_eq(shown.split(), name.split(), f"{header}: the words of the name")
        # A reader that follows RFC 2047 (the white space between encoded words dropped) gets it exactly.
        field = re.search(rb"\n" + header.encode() + rb":([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)", raw).group(1).decode()
        unfolded = re.sub(r"\r?\n", "", field.split("<")[0])
        decoded = "".join(t.decode(c or "ascii") for t, c in email.header.decode_header(unfolded))
        assert_eq(decoded.strip(), name, f"{header}: RFC 2047 reading")


tests(globals())
