"""The message features through the real Postfix, the delivered copy parsed strictly (policy.default, no defects):
priority, read receipt, Sender, bounce address (Return-Path), extra headers, List-Unsubscribe, and a thread of
three messages, each replying to the one before through the Sent message output."""
from email.utils import parseaddr

from mbtest import assert_eq, assert_in, delivered, parse, run_diagram, send_diagram, servers, tests, unique
import mbtest

S = servers()


def base(to, **more):
    return {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": "robot@mailblock.test",
            "sender_name": "Робот", "recipient": to, "subject": "Функции письма", "body": "Текст", **more}


def template_file(text, name="letter.txt"):
    """A template in a fresh folder (which also holds anything else the test writes there)."""
    import os
    path = os.path.join(mbtest.temp_folder("mb-tpl-"), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def strict(raw, what):
    msg = parse(raw)
    for part in msg.walk():
        assert_eq([type(d).__name__ for d in part.defects], [], f"{what}: defects in {part.get_content_type()}")
    return msg


def test_priority_receipt_sender_bounce_headers_and_unsubscribe():
    to = unique("features")
    r = run_diagram(send_diagram(base(to, priority="High", read_receipt=True, reply_to="Отдел <dept@mailblock.test>",
                                      sender="robot2@mailblock.test", bounce_address="bounces@mailblock.test",
                                      headers={"X-Campaign": "Весна 2027", "X-Ticket": "42"},
                                      list_unsubscribe="mailto:unsub@mailblock.test; https://mailblock.test/u?id=1")))
    assert_eq(r.code, 0, repr(r))
    msg = strict(delivered(to)[0], "features")
    assert_eq((msg["Importance"], msg["X-Priority"], msg["Priority"]), ("high", "1 (Highest)", "urgent"), "priority")
    assert_eq(parseaddr(str(msg["Disposition-Notification-To"]))[1], "dept@mailblock.test", "receipt goes to Reply-To")
    assert_eq(msg["Sender"].addresses[0].addr_spec, "robot2@mailblock.test", "Sender")
    assert_eq(msg["Return-Path"], "<bounces@mailblock.test>", "the envelope's MAIL FROM")
    assert_eq(msg["From"].addresses[0].addr_spec, "robot@mailblock.test", "From stays the sender")
    assert_eq((msg["X-Campaign"], msg["X-Ticket"]), ("Весна 2027", "42"), "extra headers")
    assert_eq(msg["List-Unsubscribe"], "<mailto:unsub@mailblock.test>, <https://mailblock.test/u?id=1>", "unsubscribe")
    assert_eq(msg["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click", "one click")


def test_receipt_without_reply_to_goes_to_the_sender_and_low_priority():
    to = unique("receipt")
    r = run_diagram(send_diagram(base(to, priority="Low", read_receipt=True)))
    assert_eq(r.code, 0, repr(r))
    msg = strict(delivered(to)[0], "receipt")
    assert_eq(parseaddr(str(msg["Disposition-Notification-To"]))[1], "robot@mailblock.test", "receipt to sender")
    assert_eq(msg["X-Priority"], "5 (Lowest)", "low")
    assert_eq(msg["Return-Path"], "<robot@mailblock.test>", "no bounce address: the sender")


def test_bad_headers_and_links_name_their_ports_in_the_diagram_language_and_nothing_is_sent():
    to = unique("bad-headers")
    diagram = send_diagram(base(to, headers={"Subject": "x", "X Bad": "y", "X-Ok": "a\nb"},
                                list_unsubscribe="javascript:alert(1)", in_reply_to="not-an-id", sender="not an address"))
    diagram["start"]["language"] = "ru"
    r = run_diagram(diagram)
    assert_eq(r.code != 0, True, repr(r))
    for words in ["Дополнительные заголовки (headers)", "блок пишет сам", "недопустимо", "перевод строки",
                  "Ссылка для отписки (List-Unsubscribe) (list_unsubscribe)", "В ответ на (in_reply_to)",
                  "Отправитель (Sender) (sender)"]:
        assert_in(words, r.stdout, "the error")


def test_three_messages_thread_through_the_sent_message_output():
    to = unique("thread")
    blocks = {"m1": {"type": "mail.send", "inputs": base(to, subject="Отчёт за май"), "next": "m2"},
              "m2": {"type": "mail.send", "inputs": base(to, subject="", in_reply_to={"$link": "m1.sent_message"}),
                     "next": "m3"},
              "m3": {"type": "mail.send", "inputs": base(to, subject="Re: Отчёт за май",
                                                         in_reply_to={"$link": "m2.sent_message"})}}
    r = run_diagram({"start": {"next": "m1"}, "blocks": blocks})
    assert_eq(r.code, 0, repr(r))
    ids = [r.block(b)["outputs"]["sent_message"]["message_id"] for b in ("m1", "m2", "m3")]
    msgs = {m["Message-ID"]: m for m in (strict(raw, "thread") for raw in delivered(to, count=3))}
    ids = [i if i.startswith("<") else f"<{i}>" for i in ids]
    first, second, third = (msgs[i] for i in ids)
    assert_eq(first["In-Reply-To"], None, "the first starts the thread")
    assert_eq(second["In-Reply-To"], ids[0], "second answers the first")
    assert_eq(second["References"], ids[0], "second's references")
    assert_eq(second["Subject"], "Re: Отчёт за май", "an empty subject takes the first's, with Re:")
    assert_eq(third["In-Reply-To"], ids[1], "third answers the second")
    assert_eq(third["References"].split(), ids[:2], "third's references: the whole thread, oldest first")
    assert_eq(third["Subject"], "Re: Отчёт за май", "Re: is not doubled")


def test_in_reply_to_a_message_id_text():
    to = unique("reply-id")
    r = run_diagram(send_diagram(base(to, subject="Ответ", in_reply_to="<incoming.1@partner.example>")))
    assert_eq(r.code, 0, repr(r))
    msg = strict(delivered(to)[0], "reply")
    assert_eq((msg["In-Reply-To"], msg["References"], msg["Subject"]),
              ("<incoming.1@partner.example>", "<incoming.1@partner.example>", "Re: Ответ"), "reply to an id")


def test_html_template_filled_from_values_and_a_diagram_variable_escaped():
    path = template_file("<html><body><p>Здравствуйте, {{ client }}!</p><p>Счёт №{{number}} на {{sum}} ₽.</p></body></html>",
                         "letter.html")
    to = unique("template")
    diagram = send_diagram(base(to, body="", subject="Счёт №{{number}}", template=path,
                                template_values={"$var": "invoice"}))
    diagram["variables"] = {"invoice": {"client": "ООО «Рога & Копыта» <b>", "number": 17, "sum": "1 500"}}
    r = run_diagram(diagram)
    assert_eq(r.code, 0, repr(r))
    msg = strict(delivered(to)[0], "template")
    assert_eq(msg["Subject"], "Счёт №17", "the subject's place filled")
    html = msg.get_body(("html",)).get_content()
    assert_in("Здравствуйте, ООО «Рога &amp; Копыта» &lt;b&gt;!", html, "escaped in HTML")
    assert_in("Счёт №17 на 1 500 ₽.", html, "numbers and text")
    assert_in("ООО «Рога & Копыта» <b>", msg.get_body(("plain",)).get_content(), "the text part reads naturally")


def test_template_places_left_open_are_filled_from_the_diagrams_variables():
    path = template_file("Hello {{client}}, your code is {{code}}.")
    to = unique("template-variables")
    diagram = send_diagram(base(to, body="", template=path, template_values={"client": "Anna"}))
    diagram["variables"] = {"code": "X-17", "client": "not this one"}
    r = run_diagram(diagram)
    assert_eq(r.code, 0, repr(r))
    body = strict(delivered(to)[0], "template").get_body(("plain",)).get_content()
    assert_in("Hello Anna, your code is X-17.", body, "the port's value wins, a variable fills the rest")


def test_a_mailing_fills_the_template_from_each_rows_columns():
    import os
    path = template_file("Уважаемый {{name}}, ваш номер {{number}}.")
    first, second = unique("template-row"), unique("template-row")
    rows = os.path.join(os.path.dirname(path), "rows.csv")
    with open(rows, "w", encoding="utf-8") as f:
        f.write(f"to,name,number\n{first},Иван,1\n{second},Пётр,2\n")
    diagram = send_diagram(base({"$var": "to"}, body="", template=path))
    diagram["variables"] = {"to": "", "name": "", "number": ""}
    r = run_diagram(diagram, json_output=False, extra_args=["--each", rows, "--journal", "off"])
    assert_eq(r.code, 0, repr(r))
    for to, text in ((first, "Уважаемый Иван, ваш номер 1."), (second, "Уважаемый Пётр, ваш номер 2.")):
        assert_in(text, strict(delivered(to)[0], "row").get_body(("plain",)).get_content(), "the row's columns")


def test_a_missing_template_value_is_an_error_naming_it_and_nothing_is_sent():
    path = template_file("Hello {{client}}, your code is {{code}}.")
    to = unique("template-missing")
    diagram = send_diagram(base(to, body="", template=path, template_values={"client": "Anna"}))
    diagram["start"]["language"] = "en"
    r = run_diagram(diagram)
    assert_eq(r.code != 0, True, repr(r))
    assert_in("Template (template): no value for {{code}}", r.stdout, "the error names the place")
    assert_eq(r.block("send")["outputs"].get("sent_message"), None, "nothing was sent")


if __name__ == "__main__":
    tests(globals())
