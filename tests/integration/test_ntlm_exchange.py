"""NTLM (Windows sign-in without a Kerberos ticket) byte by byte against a scripted server, since Debian's Dovecot
2.3.19 has no NTLM mechanism: the client waits for the server's first 334, sends a Type 1 message naming the
Windows domain, answers the Type 2 challenge with a Type 3 carrying domain and user, and a refused password (535)
is told in a Windows admin's words; nothing is sent."""
import base64
import struct

from mbtest import assert_eq, assert_in, run_diagram, tests
from scripted_smtp import ScriptedSmtp

LOGIN, DOMAIN = "ivanov", "WORK"


def type2():
    """A minimal NTLM Type 2 (challenge) message: no target name, no target info, Unicode and NTLM flags."""
    empty = struct.pack("<HHI", 0, 0, 48)
    msg = b"NTLMSSP\0" + struct.pack("<I", 2) + empty + struct.pack("<I", 0x00008201) + b"\x01\x23\x45\x67\x89\xab\xcd\xef"
    return base64.b64encode(msg + b"\0" * 8 + empty).decode()


def run(final_reply, method="NTLM"):
    script = [("send", "220 exchange ESMTP"), ("expect", r"EHLO \S+"), ("send", "250-exchange"),
              ("send", "250 AUTH NTLM GSSAPI"), ("expect", "AUTH NTLM"), ("send", "334 "),
              ("expect", r"\S+"), ("send", "334 " + type2()), ("expect", r"\S+"), ("send", final_reply)]
    if final_reply.startswith("235"):
        script += [("expect", "MAIL FROM:<ivanov@work.example>"), ("send", "250 ok"), ("expect", r"RCPT TO:<\S+>"),
                   ("send", "250 ok"), ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 queued"),
                   ("expect", "QUIT"), ("send", "221 bye")]
    with ScriptedSmtp(script) as smtp:
        send = {"server": "127.0.0.1", "port": smtp.port, "security": "None", "allow_insecure_auth": True,
                "login": LOGIN, "password": {"$env": "PW"}, "domain": DOMAIN, "auth_method": method,
                "sender_email": "ivanov@work.example", "recipient": "boss@work.example", "subject": "s", "body": "b"}
        r = run_diagram({"start": {"next": "send", "language": "en"},
                         "blocks": {"send": {"type": "mail.send", "inputs": send}}},
                        env={"PW": "Pa55-w0rd", "KRB5CCNAME": "FILE:/nonexistent/mailblock-no-ticket"})
    return r, smtp


def messages(smtp):
    i = smtp.received.index("AUTH NTLM")
    return [base64.b64decode(line) for line in smtp.received[i + 1:i + 3]]


def test_ntlm_sends_the_domain_and_signs_in():
    r, smtp = run("235 2.7.0 Authentication successful")
    assert_eq(smtp.errors, [], "SMTP dialog")
    assert_eq(r.code, 0, repr(r))
    type1, type3 = messages(smtp)
    assert_eq(type1[:12], b"NTLMSSP\0\x01\0\0\0", "Type 1")
    assert_in(DOMAIN.encode(), type1, "the domain in Type 1")
    assert_eq(type3[:12], b"NTLMSSP\0\x03\0\0\0", "Type 3")
    assert_eq(LOGIN.encode("utf-16-le") in type3 or LOGIN.encode() in type3, True, "the user in Type 3")
    assert_eq(b"Pa55-w0rd" in type3 or "Pa55-w0rd".encode("utf-16-le") in type3, False, "no password in clear")
    assert_eq(smtp.accepted, 1, "the message was sent after NTLM")


def test_windows_without_a_ticket_is_ntlm():
    r, smtp = run("235 2.7.0 Authentication successful", method="Windows")
    assert_eq(smtp.errors, [], "SMTP dialog")
    assert_eq(r.code, 0, repr(r))


def test_a_refused_ntlm_password_says_check_password_and_domain():
    r, smtp = run("535 5.7.3 Authentication unsuccessful")
    assert_eq(r.code != 0, True, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "authentication", repr(err))
    assert_in(f"refused the NTLM sign-in of {DOMAIN}\\{LOGIN}", err["hint"], "Windows words")
    assert_in("Check the password and the domain", err["hint"], "advice")
    assert_eq(smtp.accepted, 0, "nothing sent")


tests(globals())
