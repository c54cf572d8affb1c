"""Pieces for Save to Sent tests against a scripted IMAP server: a diagram that sends through the real Postfix and
saves to a given IMAP server, a test certificate for 127.0.0.1, and the usual dialog after signing in."""
from mbtest import servers, unique
from tls_server import CertificateAuthority

S = servers()
LOGIN = "robot@example.org"
CERTS = CertificateAuthority("mailblock scripted IMAP CA")
CERTS.issue("imap", "localhost", "DNS:localhost,IP:127.0.0.1")
TLS = ("starttls", CERTS.path("imap.pem"), CERTS.path("imap.key"))


def chain(imap_port, **save):
    """Send email through the real Postfix's plain port (no sign-in), then Save to Sent on 127.0.0.1:imap_port as
    LOGIN with the password in $IMAP_PASSWORD; `save` adds or replaces Save to Sent's inputs."""
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "security": "None", "sender_email": LOGIN,
            "recipient": unique("scripted-imap"), "subject": "scripted IMAP", "body": "x", "connection_pool": False}
    inputs = {"sent_message": {"$link": "send.sent_message"}, "server": "127.0.0.1", "port": imap_port,
              "ca_file": CERTS.ca, "login": LOGIN, "password": {"$env": "IMAP_PASSWORD"}, "timeout": 5}
    inputs.update(save)
    return {"start": {"next": "send", "message_level": "Detailed", "language": "en"},
            "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                       "save": {"type": "mail.save_to_sent", "inputs": inputs}}}


def signed_in_and_stored(first_tag):
    """After the sign-in tagged A{first_tag - 1}: LIST, EXAMINE, SEARCH, CLOSE, APPEND (UID 42), LOGOUT."""
    t = [f"A{first_tag + i}" for i in range(6)]
    return [("expect", rf'{t[0]} LIST "" "\*" RETURN \(SPECIAL-USE\)'), ("send", r'* LIST (\HasNoChildren \Sent) "/" Sent'),
            ("send", f"{t[0]} OK listed"),
            ("expect", rf'{t[1]} EXAMINE "Sent"'), ("send", "* 0 EXISTS"), ("send", f"{t[1]} OK [READ-ONLY] examined"),
            ("expect", rf"{t[2]} UID SEARCH HEADER Message-ID .*"), ("send", "* SEARCH"), ("send", f"{t[2]} OK searched"),
            ("expect", f"{t[3]} CLOSE"), ("send", f"{t[3]} OK closed"),
            ("expect", rf'{t[4]} APPEND "Sent" \(\\Seen\) .* \{{\d+\}}'), ("send", "+ go"), ("literal",),
            ("send", f"{t[4]} OK [APPENDUID 7 42] stored"), ("expect", f"{t[5]} LOGOUT"), ("send", "* BYE"),
            ("send", f"{t[5]} OK bye")]
