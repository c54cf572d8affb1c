"""Drafts: Send email with «Только сохранить .eml» (nothing sent) -> Save to Sent with «Сохранить в черновики».
The message lands in the folder Dovecot flags \\Drafts («Черновики»), the .eml (Dovecot keeps LF line ends), with the \\Draft
flag (Maildir's "D"), even though Auto would skip a Sent copy for a server that files its own."""
import os

import mbtest
from mbtest import assert_eq, assert_in, run_diagram, servers, tests, unique

S = servers()
DRAFTS = ".&BCcENQRABD0EPgQyBDgEOgQ4-"  # "Черновики" in Maildir++ (modified UTF-7)


def test_a_saved_eml_goes_to_drafts_with_the_draft_flag():
    user, to = "robot@mailblock.test", unique("draft")
    eml = os.path.join(mbtest.temp_folder("mb-draft-"), "draft.eml")
    send = {"server": S["MB_HOST"], "port": S["MB_SMTP_STARTTLS_PORT"], "ssl": True, "ca_file": S["MB_CA_FILE"],
            "login": user, "password": {"$env": "SMTP_PASSWORD"}, "sender_email": user, "recipient": to,
            "subject": "Черновик", "body": "Проверьте и отправьте.", "save_eml": eml}
    save = {"sent_message": {"$link": "send.sent_message"}, "port": S["MB_IMAP_PORT"], "security": "STARTTLS",
            "ca_file": S["MB_CA_FILE"], "as_draft": True, "mark_as_read": False}
    r = run_diagram({"start": {"next": "send", "language": "en"},
                     "blocks": {"send": {"type": "mail.send", "inputs": send, "next": "save"},
                                "save": {"type": "mail.save_to_sent", "inputs": save}}},
                    env={"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]})
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("save")["outputs"]["folder_used"], "Черновики", "the \\Drafts folder")
    copies = mbtest.sent_copies(user, DRAFTS, to)
    assert_eq(len(copies), 1, "one draft")
    with open(copies[0], "rb") as f, open(eml, "rb") as g:
        assert_eq(f.read(), g.read().replace(b"\r\n", b"\n"), "the draft is the .eml (Dovecot stores LF line ends)")
    flags = os.path.basename(copies[0]).rsplit(":2,", 1)[-1]
    assert_in("D", flags, "\\Draft")
    assert_eq("S" in flags, False, "not marked read")


if __name__ == "__main__":
    tests(globals())
