"""BCC to self (reference 004's «Отправлять скрытые копии писем на этот адрес»): true sends the sender a blind
copy, addresses send them one; neither shows in any header of the delivered message."""
from mbtest import assert_delivered_exactly, assert_eq, assert_not_delivered, assert_not_in, delivered, parse, run_diagram, send_diagram, servers, tests, unique

S = servers()


def send(bcc_self, sender):
    to = unique("bccself-to")
    r = run_diagram(send_diagram({"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": sender,
                                  "recipient": to, "subject": "Копия себе", "body": "Отчёт.", "bcc_self": bcc_self}))
    assert_eq(r.code, 0, str(r))
    return to


def test_true_sends_the_sender_a_blind_copy():
    sender = unique("bccself-sender")
    to = send(True, sender)
    mine = delivered(sender)[0]
    theirs = delivered(to)[0]
    for raw in (mine, theirs):
        msg = parse(raw)
        assert_eq(msg["Bcc"], None, "no Bcc header")
        assert_not_in(sender, str(msg["To"]) + str(msg["Cc"]), "the sender is only a blind copy")
        assert_eq(msg["From"].addresses[0].addr_spec, sender, "From")


def test_an_address_gets_the_copy_instead():
    archive = unique("bccself-archive")
    to = send(archive, unique("bccself-sender"))
    assert_delivered_exactly(archive, 1, "the archive's copy")
    assert_not_in(archive.encode(), delivered(to)[0], "the recipient never sees the archive address")


def test_false_sends_no_copy():
    sender = unique("bccself-sender")
    send(False, sender)
    assert_not_delivered(sender, "the sender got a copy")


if __name__ == "__main__":
    tests(globals())
