"""Delivery status notifications (RFC 3461). Through the real Postfix, with the bounce address set to the test
Dovecot's reports mailbox (Postfix hands that one address to Dovecot over LMTP): NOTIFY=SUCCESS brings a delivery
report (multipart/report, delivery-status, Action: delivered, Original-Envelope-Id = our Message-ID, the headers
returned) into that mailbox's INBOX, read over IMAPS as a mail program would and parsed strictly; NOTIFY=FAILURE to
a recipient that Postfix accepts and Dovecot then refuses brings the failure report (Action: failed, 5.1.1, the
whole message returned). The exact MAIL/RCPT parameters are checked on a scripted server offering DSN, and a
server that does not offer DSN gets none of them while the author is warned."""
import imaplib
import re
import ssl
import time

from mbtest import (assert_eq, assert_in, delivered, delivered_count, parse, run_diagram, send_diagram, servers,
                    tests, unique)
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

S = servers()
REPORTS = S["MB_REPORTS_USER"]


def reports_naming(message_id, timeout=60.0):
    """Waits until the reports mailbox's INBOX holds a message naming `message_id` (IMAP SEARCH BODY, which sees
    the delivery-status part) and returns the raw bytes of each such message. Signs in over IMAPS with the test
    CA, as a user's mail program would; read-only, so tests running alongside see the same mailbox."""
    deadline = time.monotonic() + timeout
    context = ssl.create_default_context(cafile=S["MB_CA_FILE"])
    with imaplib.IMAP4_SSL(S["MB_HOST"], int(S["MB_IMAPS_PORT"]), ssl_context=context, timeout=30) as imap:
        imap.login(REPORTS, S["MB_IMAP_PASSWORD"])
        imap.select("INBOX", readonly=True)
        while True:
            imap.noop()  # lets Dovecot show mail delivered since the last command
            uids = imap.uid("SEARCH", "BODY", f'"{message_id}"')[1][0].split()
            if uids:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"no report naming {message_id} reached {REPORTS} within {timeout} s")
            time.sleep(0.1)
        return [imap.uid("FETCH", uid, "(BODY.PEEK[])")[1][0][1] for uid in uids]


def delivery_report(raw, message_id):
    """One delivery report, parsed strictly: no defect in any part; multipart/report of type delivery-status,
    addressed to the reports mailbox, a text part for people first, then message/delivery-status whose per-message
    fields carry our Message-ID as the envelope id, and one recipient's fields. Returns (report, recipient fields)."""
    report = parse(raw)
    for part in report.walk():
        assert_eq([type(d).__name__ for d in part.defects], [], f"defects in {part.get_content_type()}")
    assert_eq(report.get_content_type(), "multipart/report", "a DSN")
    assert_eq(report.get_param("report-type"), "delivery-status", "report type")
    assert_eq([a.addr_spec for a in report["To"].addresses], [REPORTS], "sent to the bounce address")
    parts = report.get_payload()
    assert_eq([p.get_content_type() for p in parts[:2]], ["text/plain", "message/delivery-status"], "report parts")
    per_message, *per_recipient = parts[1].get_payload()
    assert_eq(per_message["Original-Envelope-Id"], message_id, "ENVID is our Message-ID")
    assert_eq(len(per_recipient), 1, "one recipient reported")
    return report, per_recipient[0]


def send_with_reports(recipient, **inputs):
    """Sends through the real Postfix with the bounce address set to the reports mailbox; returns (run, Message-ID)."""
    sender = unique("dsn-sender", "mailblock.test")
    r = run_diagram(send_diagram({"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": sender,
                                  "bounce_address": REPORTS, "recipient": recipient, "subject": "С отчётом о доставке",
                                  "body": "Тело письма с отчётом", **inputs}))
    assert_eq(r.code, 0, repr(r))
    return r, sender, r.block("send")["outputs"]["sent_message"]["message_id"]


def test_notify_success_brings_a_delivery_report_to_the_bounce_mailbox():
    to = unique("dsn-rcpt")
    r, sender, message_id = send_with_reports(to, delivery_notify="Success; Failure")
    delivered(to)
    [raw] = reports_naming(message_id)
    report, recipient = delivery_report(raw, message_id)
    assert_eq(recipient["Action"], "delivered", "a success report")
    assert_eq(bool(re.fullmatch(r"2\.\d{1,3}\.\d{1,3}", str(recipient["Status"]))), True, f"status {recipient['Status']}")
    assert_eq(str(recipient["Final-Recipient"]).replace(" ", "").lower(), f"rfc822;{to}", "for the recipient")
    returned = report.get_payload()[2]
    assert_eq(returned.get_content_type(), "text/rfc822-headers", "RET=HDRS: the headers come back")
    headers = parse(returned.get_payload(decode=True))
    assert_eq(headers["Message-ID"], f"<{message_id}>", "our message's headers")
    assert_eq(delivered_count(sender), 0, "no report went to the From address")


def test_notify_failure_brings_a_failure_report_with_the_whole_message():
    refused = S["MB_REFUSED_RCPT"]
    r, sender, message_id = send_with_reports(refused, delivery_notify="Failure", delivery_return="Full")
    assert_eq(r.block("send")["outputs"]["sent_message"]["recipients"][0]["status"], "accepted", "Postfix took it")
    [raw] = reports_naming(message_id)
    report, recipient = delivery_report(raw, message_id)
    assert_eq(recipient["Action"], "failed", "a failure report")
    assert_eq(str(recipient["Status"]), "5.1.1", "unknown mailbox")
    assert_eq(str(recipient["Final-Recipient"]).replace(" ", "").lower(), f"rfc822;{refused}", "for the recipient")
    assert_in(f"550 5.1.1 <{refused}> User doesn't exist", " ".join(str(recipient["Diagnostic-Code"]).split()),
              "Dovecot's refusal, unfolded")
    returned = report.get_payload()[2]
    assert_eq(returned.get_content_type(), "message/rfc822", "RET=FULL: the whole message comes back")
    original = returned.get_payload()[0]
    assert_eq(original["Message-ID"], f"<{message_id}>", "our message")
    assert_eq(original.get_body().get_content().strip(), "Тело письма с отчётом", "with its body")
    assert_eq(delivered_count(sender), 0, "no report went to the From address")


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
