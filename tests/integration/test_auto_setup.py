"""Auto-setup from the address alone, against a real local HTTP server (autoconfig documents) and a real local
DNS server (Debian's dnsmasq with MX and SRV records): each lookup step, slow and broken answers, a redirect to
another host refused, the order in which the steps win, the password kept from unverified servers, the source of
each setting in the report, an end-to-end diagram with Server left empty that finds the test Postfix and Dovecot
and delivers and files, and the login forms: iCloud-like (the local part on IMAP, the address on SMTP) and
WEB.DE-like (the local part only) users of the test servers, documented or found by the login form fallback."""
import http.server
import json
import re
import os
import shutil
import socket
import subprocess
import threading
import time

from mbtest import RPA, assert_eq, assert_in, assert_not_delivered, delivered, run_diagram, sent_copies, servers, tests, unique
import mbtest

S = servers()


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def autoconfig_xml(domain, smtp_port, smtp_socket="SSL", imap_port=None, smtp_user="%EMAILADDRESS%",
                   imap_user="%EMAILADDRESS%"):
    imap = ""
    if imap_port:
        imap = f"""<incomingServer type="imap"><hostname>127.0.0.1</hostname><port>{imap_port}</port>
          <socketType>SSL</socketType><username>{imap_user}</username><authentication>password-cleartext</authentication>
        </incomingServer>"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1"><emailProvider id="{domain}"><domain>{domain}</domain>
  {imap}
  <outgoingServer type="smtp"><hostname>127.0.0.1</hostname><port>{smtp_port}</port>
    <socketType>{smtp_socket}</socketType><username>{smtp_user}</username>
    <authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>"""


DOCUMENTS = {
    "mailblock.test": autoconfig_xml("mailblock.test", S["MB_SMTP_SMTPS_PORT"], imap_port=S["MB_IMAPS_PORT"]),
    "both.test": autoconfig_xml("both.test", 2525),
    # As ISPDB's me.com.xml and web.de.xml say it for iCloud and WEB.DE.
    "icloud.test": autoconfig_xml("icloud.test", S["MB_SMTP_SMTPS_PORT"], imap_port=S["MB_IMAPS_PORT"],
                                  imap_user="%EMAILLOCALPART%"),
    "webdoc.test": autoconfig_xml("webdoc.test", S["MB_SMTP_SMTPS_PORT"], imap_port=S["MB_IMAPS_PORT"],
                                  smtp_user="%EMAILLOCALPART%", imap_user="%EMAILLOCALPART%"),
}


class Handler(http.server.BaseHTTPRequestHandler):
    """/good/D.xml: the document of D; /slow/: answers after 8 s; /malformed/: broken XML; /redirect/: to
    another host (localhost instead of 127.0.0.1); /samehost/: to /good/ on the same host."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        mode, name = self.path.strip("/").split("/", 1)
        domain = name.split(".xml")[0]
        if mode == "slow":
            time.sleep(8)
        if mode == "redirect":
            return self.answer(302, b"", {"Location": f"http://localhost:{self.server.server_port}/good/{name}"})
        if mode == "samehost":
            return self.answer(301, b"", {"Location": f"/good/{name}"})
        if mode == "malformed":
            return self.answer(200, b"<clientConfig><emailProvider><outgoingServer", {"Content-Type": "text/xml"})
        if domain not in DOCUMENTS:
            return self.answer(404, b"no such domain", {})
        return self.answer(200, DOCUMENTS[domain].encode(), {"Content-Type": "text/xml"})

    def answer(self, status, body, headers):
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on a slow answer, as it should

    def log_message(self, *args):
        pass


HTTP = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=HTTP.serve_forever, daemon=True).start()
HTTP_PORT = HTTP.server_port

DNS_PORT = free_port(socket.SOCK_DGRAM)
DNS_DIR = mbtest.temp_folder("mailblock-dns-")
# corp.test is a company domain hosted by Yandex 360; srv.test publishes RFC 6186 records; both.test has an
# MX too, so the autoconfig document must win before it; webde.test publishes SRV records (which say nothing of the
# login form) for the test servers, where its user signs in with the local part only; vk.test is on VK WorkSpace
# (Mail.ru's emx.mail.ru), aol.test on AOL's MX, whose name Yahoo's pattern matches too, gw.test on Google Workspace.
DNSMASQ = subprocess.Popen(
    ["/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
     "--user=root", "--pid-file=", "--listen-address=127.0.0.1", "--bind-interfaces", f"--port={DNS_PORT}",
     "--mx-host=corp.test,mx.yandex.net,10", "--mx-host=both.test,aspmx.l.google.com,5",
     f"--srv-host=_submissions._tcp.srv.test,127.0.0.1,{S['MB_SMTP_SMTPS_PORT']},0,0",
     f"--srv-host=_imaps._tcp.srv.test,127.0.0.1,{S['MB_IMAPS_PORT']},0,0",
     f"--srv-host=_submissions._tcp.webde.test,127.0.0.1,{S['MB_SMTP_SMTPS_PORT']},0,0",
     f"--srv-host=_imaps._tcp.webde.test,127.0.0.1,{S['MB_IMAPS_PORT']},0,0",
     "--mx-host=vk.test,emx.mail.ru,10", "--mx-host=aol.test,mx-aol.mail.gm0.yahoodns.net,1",
     "--mx-host=gw.test,aspmx.l.google.com,1",
     f"--log-facility={DNS_DIR}/dnsmasq.log"],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def wait_for_dns():
    """dnsmasq binds before it answers; a first query proves it (its silent start failures are in its log)."""
    deadline = time.monotonic() + 10
    query = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x04corp\x04test\x00\x00\x0f\x00\x01"
    while time.monotonic() < deadline:
        if DNSMASQ.poll() is not None:
            raise AssertionError("dnsmasq exited: " + DNSMASQ.stdout.read().decode(errors="replace"))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(0.2)
            s.sendto(query, ("127.0.0.1", DNS_PORT))
            try:
                if s.recv(512)[:2] == b"\x12\x34":
                    return
            except socket.timeout:
                pass
    raise AssertionError("dnsmasq does not answer on port %d" % DNS_PORT)


def env(mode="good"):
    return {"MAILBLOCK_AUTOCONFIG_URL": f"http://127.0.0.1:{HTTP_PORT}/{mode}/{{domain}}.xml",
            "MAILBLOCK_DNS_SERVER": f"127.0.0.1:{DNS_PORT}", "SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]}


def autoconfig(address, mode="good"):
    """`rpa autoconfig ADDRESS --json`: the report, the log (stderr) and the seconds it took."""
    started = time.monotonic()
    r = subprocess.run([RPA, "autoconfig", address, "--json", "--lang", "en"], capture_output=True, text=True,
                       env={**os.environ, **env(mode)}, timeout=120)
    seconds = time.monotonic() - started
    block = json.loads(r.stdout)["blocks"][0]
    return block, r.stderr, seconds


def server_of(entry):
    return {k: entry[k] for k in ("server", "port", "security")}


def test_a_preset_domain_needs_no_lookup():
    block, log, _ = autoconfig("ivan@yandex.ru")
    report = block["outputs"]["check_report"]
    assert_eq((report["source"], report["provider"], report["verified"]), ("preset", "yandex", True), "source")
    assert_eq(server_of(report["smtp"][0]), {"server": "smtp.yandex.ru", "port": 465, "security": "SSL on connect"},
              "first SMTP")
    assert_in("app password", report["advice"], "the provider's advice")
    assert "auto-setup: autoconfig" not in log and "auto-setup: MX" not in log, log


def test_the_domains_autoconfig_document_is_used():
    block, log, _ = autoconfig("robot@mailblock.test")
    report = block["outputs"]["check_report"]
    assert_eq((report["source"], report["verified"]), ("autoconfig", False), "plain HTTP is not a verified source")
    assert_eq(server_of(report["smtp"][0]), {"server": "127.0.0.1", "port": int(S["MB_SMTP_SMTPS_PORT"]),
                                             "security": "SSL on connect"}, "SMTP")
    assert_eq(report["imap"][0]["port"], int(S["MB_IMAPS_PORT"]), "IMAP")
    assert_in(f"http://127.0.0.1:{HTTP_PORT}/good/mailblock.test.xml: found", log, "trace")


def test_autoconfig_wins_before_the_mx_records():
    block, log, _ = autoconfig("a@both.test")
    assert_eq(block["outputs"]["check_report"]["source"], "autoconfig", "order")
    assert "MX both.test" not in log, log


def test_mx_records_of_a_company_domain_find_its_provider():
    block, log, _ = autoconfig("boss@corp.test")
    report = block["outputs"]["check_report"]
    assert_eq((report["source"], report["provider"]), ("mx", "yandex"), "Yandex 360 by MX")
    assert_eq(report["smtp"][0]["server"], "smtp.yandex.ru", "SMTP")
    assert_in("MX corp.test: mx.yandex.net (yandex)", log, "trace")


def test_srv_records_give_the_servers():
    block, log, _ = autoconfig("x@srv.test")
    report = block["outputs"]["check_report"]
    assert report, log
    assert_eq(report["source"], "srv", "source")
    assert_eq(server_of(report["smtp"][0]), {"server": "127.0.0.1", "port": int(S["MB_SMTP_SMTPS_PORT"]),
                                             "security": "SSL on connect"}, "SMTP from _submissions._tcp")
    assert_eq(report["imap"][0]["port"], int(S["MB_IMAPS_PORT"]), "IMAP from _imaps._tcp")


ISPDB_YANDEX = "thunderbird/autoconfig ispdb/yandex.ru.xml c6ad79659b5fc321d1593ec4c277815b83e5dec5"
ISPDB_MAILRU = "thunderbird/autoconfig ispdb/mail.ru.xml c6ad79659b5fc321d1593ec4c277815b83e5dec5"
ISPDB_GMAIL = "thunderbird/autoconfig ispdb/googlemail.com.xml c6ad79659b5fc321d1593ec4c277815b83e5dec5"
YANDEX_360_MX_HELP = "https://yandex.com.tr/support/kurum/set-mail/mx.html"


def test_the_report_names_the_source_of_each_setting():
    """What an administrator judges the settings by: the preset and its citation, the autoconfig URL, the MX or SRV
    record, each with the login form the server takes."""
    block, log, _ = autoconfig("ivan@yandex.ru")
    report = block["outputs"]["check_report"]
    assert_eq((report["smtp"][0]["source"], report["smtp"][0]["login"]),
              ("preset yandex: https://yandex.ru/support/mail/mail-clients/others.html", "address"), "preset, help page")
    assert_eq(report["smtp"][1]["source"], "preset yandex: " + ISPDB_YANDEX, "preset, ISPDB file and commit")
    assert_eq((report["smtp"][2]["port"], report["smtp"][2].get("unconfirmed")), (587, True), "unconfirmed, last")
    assert_in("source: preset yandex: " + ISPDB_YANDEX, log, "the Debug text says it too")
    block, _, _ = autoconfig("boss@corp.test")
    assert_eq(block["outputs"]["check_report"]["imap"][1]["source"],
              f"MX corp.test: mx.yandex.net (mx.yandex.net per {YANDEX_360_MX_HELP}), preset yandex: " + ISPDB_YANDEX,
              "MX, the pattern it matched and who lists it, then the preset's citation")
    block, _, _ = autoconfig("robot@mailblock.test")
    assert_eq(block["outputs"]["check_report"]["smtp"][0]["source"],
              f"autoconfig http://127.0.0.1:{HTTP_PORT}/good/mailblock.test.xml", "autoconfig URL")
    block, _, _ = autoconfig("x@srv.test")
    smtp = block["outputs"]["check_report"]["smtp"][0]
    assert_eq((smtp["source"], smtp["login"]), ("SRV _submissions._tcp.srv.test", "unconfirmed"), "SRV record")


def test_company_domains_on_vk_workspace_and_aol_by_their_mx():
    block, log, _ = autoconfig("boss@vk.test")
    report = block["outputs"]["check_report"]
    assert_eq((report["source"], report["provider"], report["smtp"][0]["server"]), ("mx", "mailru", "smtp.mail.ru"),
              "VK WorkSpace: Mail.ru's servers")
    assert_in("MX vk.test: emx.mail.ru (mailru)", log, "trace")
    assert_in("MX emx.mail.ru: matches .mail.ru per " + ISPDB_MAILRU, log, "the citation of the match in the trace")
    assert_eq(report["smtp"][0]["source"], f"MX vk.test: emx.mail.ru (.mail.ru per {ISPDB_MAILRU}), preset mailru: "
              + ISPDB_MAILRU, "VK WorkSpace: emx.mail.ru is under mail.ru, a domain of ISPDB's mail.ru.xml")
    block, _, _ = autoconfig("boss@aol.test")
    assert_eq(block["outputs"]["check_report"]["provider"], "aol", "AOL's MX is AOL's, not Yahoo's")


def test_a_company_domain_on_google_workspace_by_its_mx():
    block, log, _ = autoconfig("boss@gw.test")
    report = block["outputs"]["check_report"]
    assert_eq((report["source"], report["provider"], report["smtp"][0]["server"], report["imap"][0]["server"]),
              ("mx", "gmail", "smtp.gmail.com", "imap.gmail.com"), "Google Workspace: Gmail's servers")
    assert_eq(report["imap"][0]["source"], f"MX gw.test: aspmx.l.google.com (.google.com per {ISPDB_GMAIL}), "
              f"preset gmail: {ISPDB_GMAIL}", "ISPDB lists google.com as the MX of Google Apps")


def test_a_slow_autoconfig_server_costs_one_step_timeout_and_the_next_step_wins():
    block, log, seconds = autoconfig("boss@corp.test", mode="slow")
    assert_eq(block["outputs"]["check_report"]["source"], "mx", "the MX step answered")
    assert_in("Timeout", log, "the slow step is named")
    assert seconds < 5 + 3, f"took {seconds:.1f} s: one step's 5 s budget, not the server's 8 s"


def test_malformed_xml_is_reported_and_skipped():
    block, log, _ = autoconfig("boss@corp.test", mode="malformed")
    assert_eq(block["outputs"]["check_report"]["source"], "mx", "next step")
    assert_in("malformed autoconfig XML", log, "trace")


def test_a_redirect_to_another_host_is_refused():
    block, log, _ = autoconfig("robot@mailblock.test", mode="redirect")
    assert_in("refused (another host or scheme)", log, "trace")
    assert (block["outputs"].get("check_report") or {}).get("source") != "autoconfig", block


def test_a_redirect_on_the_same_host_is_followed():
    block, _, _ = autoconfig("robot@mailblock.test", mode="samehost")
    assert_eq(block["outputs"]["check_report"]["source"], "autoconfig", "followed once")


def test_nothing_found_is_a_clear_error():
    block, log, _ = autoconfig("someone@nowhere.test")
    assert_eq(block["status"], "error", "status")
    assert_eq(block["error"]["kind"], "settings_not_found", "kind")
    assert_in("Fill in Server", block["error"]["hint"], "hint")
    assert_in("guess smtp.nowhere.test:465: no answer", log, "the guess was checked by connecting")


def send_inputs(to, allow, sender=None):
    return {"sender_email": sender or S["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"}, "recipient": to,
            "subject": "Auto-setup", "body": "Found from the address alone.", "ca_file": S["MB_CA_FILE"],
            "allow_unverified_settings": allow}


def test_unverified_settings_do_not_get_the_password():
    to = unique("auto")
    diagram = {"start": {"next": "send", "message_level": "Debug", "language": "en"},
               "blocks": {"send": {"type": "mail.send", "inputs": send_inputs(to, False)}}}
    r = run_diagram(diagram, env=env())
    err = r.block("send")["error"]
    assert_eq(err["kind"], "unverified_settings", str(r))
    assert_in("127.0.0.1", err["message"], "the host is named")
    assert_in("Allow unverified settings", err["hint"], "what to do")
    assert_not_delivered(to, "a message was delivered")


def send_and_file(sender, to):
    """Send email with Server empty (settings from the sender's address), then Save to Sent with nothing but the
    link: the login each server takes comes from what auto-setup found."""
    diagram = {"start": {"next": "send", "message_level": "Debug", "language": "en"},
               "blocks": {"send": {"type": "mail.send", "inputs": send_inputs(to, True, sender), "next": "save"},
                          "save": {"type": "mail.save_to_sent",
                                   "inputs": {"sent_message": {"$link": "send.sent_message"}, "ca_file": S["MB_CA_FILE"],
                                              "allow_unverified_settings": True}}}}
    r = run_diagram(diagram, env=env())
    assert_eq(r.code, 0, str(r))
    assert_in(b"Found from the address alone.", delivered(to)[0], "delivered")
    assert_eq(r.block("save")["outputs"]["outcome"], "stored", "stored")
    return r, r.block("send")["outputs"]["sent_message"]["account"]


def test_server_left_empty_finds_postfix_and_dovecot_delivers_and_files_the_copy():
    to = unique("auto")
    r, account = send_and_file(S["MB_SMTP_USER"], to)
    assert_eq(account["settings"]["source"], "autoconfig", "the Sent message says where the settings came from")
    assert_eq(account["login"], S["MB_SMTP_USER"], "login defaults to the address")
    assert_in(f"IMAP server from the settings Send email found: 127.0.0.1:{S['MB_IMAPS_PORT']}", r.stderr, "Debug log")
    copies = sent_copies(S["MB_SMTP_USER"], ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-", to)
    assert_eq(len(copies), 1, "one copy in Отправленные")


def filed_with_logins(sender, user, logins):
    """send_and_file from `sender`; the account's (SMTP, IMAP) logins are `logins` and `user`'s Sent holds one copy."""
    to = unique(user)
    r, account = send_and_file(sender, to)
    assert_eq((account["login"], account["imap"]["login"]), logins, "the Sent message's account logins")
    assert_eq(len(sent_copies(user, ".Sent", to)), 1, f"one copy in {user}'s Sent")
    return r


def assert_no_535(r):
    """No sign-in was refused: no 535 reply anywhere in the log (a Message-ID's digits may contain "535")."""
    assert not re.search(r"(?<!\d)535(?!\d)", r.stderr), r.stderr


def test_icloud_like_login_the_address_on_smtp_and_the_local_part_on_imap():
    """appleuser's SMTP takes only appleuser@icloud.test and its IMAP only appleuser (tests/servers/dovecot.sh)."""
    r = filed_with_logins("appleuser@icloud.test", "appleuser", ("appleuser@icloud.test", "appleuser"))
    assert_no_535(r)


def test_webde_like_documented_local_part_signs_in_at_once():
    r = filed_with_logins("webuser@webdoc.test", "webuser", ("webuser", "webuser"))
    assert_no_535(r)


def test_unconfirmed_login_form_falls_back_to_the_local_part_once():
    """SRV records say nothing of the login: the full address first; the server answers 535; the local part works,
    the Debug log says so, and Save to Sent signs in with the form that worked."""
    r = filed_with_logins("webuser@webde.test", "webuser", ("webuser", "webuser"))
    assert_in("refused the login webuser@webde.test (535)", r.stderr, "the first try")
    assert_in("signed in with the local part webuser", r.stderr, "which one worked")


def test_a_wrong_password_is_tried_in_both_forms_and_fails_clearly():
    to = unique("webde")
    diagram = {"start": {"next": "send", "message_level": "Debug", "language": "en"},
               "blocks": {"send": {"type": "mail.send", "inputs": {**send_inputs(to, True, "webuser@webde.test"),
                                                                   "password": {"$env": "WRONG_PASSWORD"}}}}}
    r = run_diagram(diagram, env={**env(), "WRONG_PASSWORD": "not-the-password"})
    err = r.block("send")["error"]
    assert_eq((err["kind"], err["code"]), ("authentication", 535), str(r))
    assert_eq(r.stderr.count("trying the local part webuser once"), 1, "one second try, not more")
    assert_not_delivered(to, "a message was delivered")


def check_smtp(*args):
    return subprocess.run([RPA, "check-smtp", *args, "--ca-file", S["MB_CA_FILE"], "--lang", "en"], capture_output=True,
                          text=True, env={**os.environ, **env()}, timeout=120)


def test_check_smtp_with_just_an_address_and_a_password():
    r = check_smtp("--login", S["MB_SMTP_USER"], "--allow-unverified", "true")
    assert_eq(r.returncode, 0, r.stdout + r.stderr)
    assert_in(f"auto-setup: 127.0.0.1:{S['MB_SMTP_SMTPS_PORT']} (SSL on connect) from autoconfig", r.stdout, "what was found")
    assert any(line.split()[:2] == ["ok", "auth"] for line in r.stdout.splitlines()), r.stdout
    refused = check_smtp("--login", S["MB_SMTP_USER"])
    assert_eq(refused.returncode, 1, refused.stderr)
    assert_in("Allow unverified settings", refused.stdout, "the password is kept back without the option")


if __name__ == "__main__":
    try:
        wait_for_dns()
        tests(globals())
    finally:
        DNSMASQ.terminate()
        DNSMASQ.wait(5)
        HTTP.shutdown()
        shutil.rmtree(DNS_DIR, ignore_errors=True)
