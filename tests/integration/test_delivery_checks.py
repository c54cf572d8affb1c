"""The "nothing was delivered" check of the other tests can fail: it waits for Postfix to end every session and
empty its queue before it counts, so a message still on its way is counted, not missed."""
import socket
import threading

from mbtest import _read_log, assert_delivered_exactly, assert_in, assert_not_delivered, servers, tests, unique

S = servers()


def test_a_message_still_on_its_way_is_counted():
    to = unique("settle")
    start = _read_log()[1]
    s = socket.create_connection((S["MB_HOST"], int(S["MB_SMTP_PLAIN_PORT"])), timeout=30)
    f = s.makefile("rb")

    def reply():
        while (line := f.readline())[3:4] == b"-":
            pass
        return line
    reply()
    for command in (b"EHLO settle.test", b"MAIL FROM:<robot@mailblock.test>", f"RCPT TO:<{to}>".encode(), b"DATA"):
        s.sendall(command + b"\r\n")
        reply()
    s.sendall(f"Subject: on its way\r\nTo: <{to}>\r\n\r\nstill coming\r\n".encode())

    outcome = {}

    def check():
        try:
            assert_not_delivered(to, "the message on its way")
            outcome["error"] = None
        except AssertionError as e:
            outcome["error"] = str(e)
    checker = threading.Thread(target=check)
    checker.start()
    # The check has begun to wait once its mark is in Postfix's log; it must not have returned before that.
    text, offset = _read_log(start)
    while "settle-" not in text and checker.is_alive():
        more, offset = _read_log(offset)
        text += more
        checker.join(0.05)
    assert checker.is_alive(), f"the check returned while a session was still open: {outcome}"
    s.sendall(b".\r\n")
    assert_in(b"250", reply(), "queued")
    s.sendall(b"QUIT\r\n")
    reply()
    s.close()
    checker.join(90)
    assert not checker.is_alive(), "the check never ended"
    assert_in("1 message(s) delivered", outcome["error"] or "", "the check saw the message")
    assert_delivered_exactly(to, 1, "one copy")


tests(globals())
