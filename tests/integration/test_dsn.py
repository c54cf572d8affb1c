"""Delivery status notifications (RFC 3461). Through the real Postfix, NOTIFY=SUCCESS brings a delivery report
(multipart/report, delivery-status, Action: delivered, Original-Envelope-Id = our Message-ID) into the sender's
mailbox, parsed strictly. The exact MAIL/RCPT parameters are checked on a scripted server offering DSN, and a
server that does not offer DSN gets none of them while the author is warned."""
from mbtest import assert_eq, assert_in, delivered, parse, run_diagram, send_diagram, servers, tests, unique
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

S = servers()


def test_notify_success_brings_a_delivery_report_to_the_sender():
    sender, to = unique("dsn-sender", "mailblock.test"), unique("dsn-rcpt")
    r = run_diagram(send_diagram({"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": sender,
                                  "recipient": to, "subject": "С отчётом о доставке", "body": "x",
                                  "delivery_notify": "Success; Failure"}))
    assert_eq(r.code, 0, repr(r))
    message_id = r.block("send")["outputs"]["sent_message"]["message_id"]
    delivered(to)
    report = parse(delivered(sender)[0])
    for part in report.walk():
        assert_eq([type(d).__name__ for d in part.defects], [], f"defects in {part.get_content_type()}")
    assert_eq(report.get_content_type(), "multipart/report", "a DSN")
    assert_eq(report.get_param("report-type"), "delivery-status", "report type")
    status = next(p for p in report.walk() if p.get_content_type() == "message/delivery-status")
    text = "\n".join(str(block) for block in status.get_payload())
    assert_in(f"Original-Envelope-Id: {message_id}", text, "ENVID is our Message-ID")
    assert_in("Action: delivered", text, "a success report")
    assert_in(f"rfc822;{to}", text.replace(" ", ""), "for the recipient")
    returned = next(p for p in report.walk() if p.get_content_type() == "text/rfc822-headers")
    assert_in(message_id, returned.get_payload(decode=True).decode(), "RET=HDRS: the headers come back")


def scripted(extensions, mail, rcpt):
    return greeting_and_ehlo(extensions) + [
        ("expect", mail), ("send", "250 ok"), ("expect", rcpt), ("send", "250 ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as Q1"),
        ("expect", "QUIT"), ("send", "221 bye")]


def diagram(port, **extra):
    inputs = {"server": "127.0.0.1", "port": port, "security": "None", "sender_email": "robot@example.org",
              "recipient": "to@example.org", "subject": "DSN", "body": "hi", "timeout": 5, **extra}
    return send_diagram(inputs, start={"language": "en", "message_level": "Debug"})


def test_exact_parameters_to_a_server_offering_dsn():
    script = scripted(("SIZE 1000000", "DSN"), r"MAIL FROM:<robot@example\.org> SIZE=\d+ RET=FULL ENVID=\S+@example\.org",
                      r"RCPT TO:<to@example\.org> NOTIFY=FAILURE,DELAY")
    with ScriptedSmtp(script) as server:
        r = run_diagram(diagram(server.port, delivery_notify=["Failure", "Delay"], delivery_return="Full"))
        assert_eq(server.errors, [], "dialog")
        assert_eq(r.code, 0, repr(r))


def test_a_server_without_dsn_gets_no_parameters_and_the_author_is_warned():
    script = scripted(("SIZE 1000000",), r"MAIL FROM:<robot@example\.org> SIZE=\d+", r"RCPT TO:<to@example\.org>")
    with ScriptedSmtp(script) as server:
        r = run_diagram(diagram(server.port, delivery_notify="Success"))
        assert_eq(server.errors, [], "dialog")
        assert_eq(r.code, 0, repr(r))
    assert_in("does not offer delivery status notifications", r.stderr, "the warning")
    assert_in("the server does not offer DSN", r.stderr, "the Debug note")


def test_never_with_others_and_unknown_words_name_the_port():
    r = run_diagram(diagram(1, delivery_notify="Never; Success; Sometimes"))
    assert_eq(r.code != 0, True, repr(r))
    assert_in("Delivery notification (delivery_notify)", r.stdout, "the port")
    assert_in("Never cannot be combined", r.stdout, "never alone")
    assert_in('\\"Sometimes\\" is not Never, Failure, Success or Delay', r.stdout, "unknown word")


if __name__ == "__main__":
    tests(globals())
