"""TLS refusals against `openssl s_server` on 127.0.0.1 (SSL on connect), one defect at a time: a server that
speaks only TLS 1.1 or TLS 1.0, an expired or not yet valid certificate, a self-signed certificate, and host names
that do not match in ways test_tls_verification.py does not cover (a SAN for another name with the right CN, the
name typed in Server checked rather than the address it resolves to, an IP address written as a DNS name); and SNI
(sent for a name, not for an address). Both blocks: Send email and Save to Sent (IMAP).

So that each refusal has the right reason: every certificate except the self-signed one is issued by a CA made here
and given in "ca_file", and `openssl verify` shows each has exactly its defect; the same s_server with a good
certificate carries a whole SMTP dialog, and turning verification off lets each certificate defect through. An old
protocol server is probed first (a client with no minimum of its own connects with that version, a client asking
for TLS 1.2 or 1.3 does not), and rpa then runs with an OpenSSL configuration that allows TLS 1.0 at security level
0, so only the block's own minimum can refuse. Each refusal: error kind "tls", stage "tls", a hint naming the
defect, and nothing sent (no EHLO, AUTH or MAIL in the Detailed log, nothing of it or of the password on the server).

"""
import os
import re
import socket
import subprocess

from leak_search import assert_no_leak
from mbtest import assert_eq, assert_in, assert_not_in, run_diagram, send_diagram, tests
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo
from tls_server import CertificateAuthority, TlsServer

PASSWORD = "Tls!refusal-Pw-4417"
LOGIN = "robot@example.org"
ENV = {"TLS_REFUSAL_PASSWORD": PASSWORD}
SECRET = [("the password", PASSWORD, LOGIN)]

# A whole SMTP dialog for a client that signs in with PLAIN, written to s_server's stdin before the client
# connects: s_server sends it once the handshake is done, and the client reads one reply after each command.
GOOD_DIALOG = (b"220 tls.test ESMTP\r\n250-tls.test\r\n250 AUTH PLAIN\r\n235 2.7.0 Accepted\r\n250 2.1.0 Ok\r\n"
               b"250 2.1.5 Ok\r\n354 go\r\n250 2.0.0 Ok: queued as TLS1\r\n221 bye\r\n")


# ---------------------------------------------------------------------------------------------------------------
# Certificates, made once for this run; each names 127.0.0.1 (and localhost) unless its defect is the name.

CERTS = CertificateAuthority("mailblock refusals CA")
CERTS.issue("good", "127.0.0.1", "DNS:localhost,IP:127.0.0.1")
# A SAN for another name: the CN names the address we connect to, but with a SAN present the CN must not count.
CERTS.issue("another", "127.0.0.1", "DNS:another.example")
# Valid for the address only: a client told "localhost" must check "localhost", not what it resolves to.
CERTS.issue("ip-only", "127.0.0.1", "IP:127.0.0.1")
# An IP address written as a DNS name: an address matches only an iPAddress SAN (RFC 9525 6.2.1).
CERTS.issue("ip-as-dns", "127.0.0.1", "DNS:127.0.0.1")
CERTS.issue("expired", "127.0.0.1", "DNS:localhost,IP:127.0.0.1", "20200101000000Z", "20210101000000Z")
CERTS.issue("not-yet-valid", "127.0.0.1", "DNS:localhost,IP:127.0.0.1", "20900101000000Z", "20910101000000Z")
CERTS.self_signed("self-signed", "127.0.0.1", "DNS:localhost,IP:127.0.0.1")


def serve(cert, *extra, dialog=b""):
    """openssl s_server with this certificate (tls_server.py)."""
    return TlsServer(CERTS, cert, *extra, dialog=dialog)


# ---------------------------------------------------------------------------------------------------------------
# A server offering only an old protocol version, proven so; an OpenSSL configuration that would allow it.

OLD_VERSIONS = {"-tls1": "TLSv1", "-tls1_1": "TLSv1.1"}
OLD_TLS_HINT = r"TLS ?1\.[0-2]|version"  # what a hint about an old protocol version must say
ALLOW_OLD_TLS = {"OPENSSL_CONF": CERTS.path("allow-old-tls.cnf")}  # for rpa and the probing s_client
with open(ALLOW_OLD_TLS["OPENSSL_CONF"], "w") as _f:
    _f.write("openssl_conf = init\n[init]\nssl_conf = ssl\n[ssl]\nsystem_default = tls\n[tls]\n"
             "MinProtocol = TLSv1\nCipherString = DEFAULT:@SECLEVEL=0\n")


def s_client_version(port, *args, env=None):
    """The protocol version `openssl s_client` gets from 127.0.0.1:port, None when the handshake fails."""
    r = subprocess.run(["openssl", "s_client", "-brief", "-connect", f"127.0.0.1:{port}", *args], input="",
                       capture_output=True, text=True, timeout=20, env={**os.environ, **(env or {})})
    m = re.search(r"Protocol version: (\S+)", r.stdout + r.stderr)
    return m.group(1) if r.returncode == 0 and m else None


def old_tls_server(flag):
    """s_server offering only this old version (OpenSSL 3 serves it only at security level 0), after proving that,
    or None when this OpenSSL cannot serve that version at all."""
    if flag not in subprocess.run(["openssl", "s_server", "-help"], capture_output=True, text=True).stderr:
        print(f"SKIP: this openssl has no s_server {flag}: it cannot offer {OLD_VERSIONS[flag]}")
        return None
    server = serve("good", flag, "-cipher", "DEFAULT:@SECLEVEL=0")
    # A client with no minimum of its own (the configuration rpa runs with, the block's cipher list) gets it ...
    got = s_client_version(server.port, "-cipher", "HIGH:!aNULL:!MD5:!RC4", env=ALLOW_OLD_TLS)
    # ... and a client asking for TLS 1.2 or 1.3 gets nothing.
    newer = [s_client_version(server.port, f, env=ALLOW_OLD_TLS) for f in ("-tls1_2", "-tls1_3")]
    if got != OLD_VERSIONS[flag] or newer != [None, None]:
        server.close()
        raise AssertionError(f"s_server {flag}: an unrestricted client got {got}, TLS 1.2/1.3 clients got {newer}")
    return server


# ---------------------------------------------------------------------------------------------------------------
# Running Send email against s_server.

def send(port, host="127.0.0.1", env=None, **extra):
    """Send email over SSL on connect, signing in with PLAIN, the test CA given, Detailed log, English."""
    inputs = {"server": host, "port": port, "security": "SSL on connect", "ca_file": CERTS.ca, "login": LOGIN,
              "password": {"$env": "TLS_REFUSAL_PASSWORD"}, "auth_method": "PLAIN", "sender_email": LOGIN,
              "recipient": "to@example.org", "subject": "TLS", "body": "x", "timeout": 5, "retries": 0, **extra}
    start = {"message_level": "Detailed", "language": "en"}
    r = run_diagram(send_diagram(inputs, start=start), env={**ENV, **(env or {})})
    assert_no_leak({"stdout": r.stdout, "stderr": r.stderr}, SECRET, repr(r))
    return r


def refused_by(server, host="127.0.0.1", env=None, **extra):
    """Runs Send email against this s_server; asserts a TLS refusal before anything was sent; returns the error."""
    r = send(server.port, host=host, env=env, **extra)
    assert_eq(r.code, 1, repr(r))
    err = r.block("send")["error"]
    assert_eq((err["kind"], err["stage"]), ("tls", "tls"), f"kind and stage ({err})")
    assert_in(f"[send] server {host}:{server.port}, security SSL on connect", r.stderr, "the Detailed log ran")
    for command in ("C: EHLO", "C: AUTH", "C: MAIL", "C: RCPT", "C: DATA"):
        assert_not_in(command, r.stderr, "nothing sent after a refused handshake")
    for text in ("EHLO", "AUTH", "MAIL FROM"):
        assert_not_in(text, server.output(), "what the server received")
    assert_no_leak({"what the server received": server.output()}, SECRET)
    assert_eq(r.block("send")["outputs"].get("sent_message"), None, "no Sent message")
    return err


def refused(cert, *server_args, host="127.0.0.1", **extra):
    with serve(cert, *server_args) as server:
        return refused_by(server, host=host, **extra)


def accepted(cert, *server_args, host="127.0.0.1", **extra):
    """Runs Send email against s_server serving GOOD_DIALOG; asserts the whole message went through TLS; returns
    what the server printed."""
    with serve(cert, *server_args, dialog=GOOD_DIALOG) as server:
        r = send(server.port, host=host, **extra)
        server.wait_for("QUIT")
    assert_eq(r.code, 0, f"{cert}: {r!r}\nserver:\n{server.output()}")
    assert_eq(r.block("send")["outputs"]["sent_message"]["queue_id"], "TLS1", "the server's reply was read")
    assert_in("C: AUTH PLAIN ***", r.stderr, "the Detailed log shows the dialog (so its absence above means something)")
    for text in ("EHLO", "AUTH PLAIN", f"MAIL FROM:<{LOGIN}>", "RCPT TO:<to@example.org>", "QUIT"):
        assert_in(text, server.output(), f"{cert}: the server received")
    return server.output() + r.stderr


def localhost_is_loopback_only():
    try:
        return {a[4][0] for a in socket.getaddrinfo("localhost", None, socket.AF_INET)} == {"127.0.0.1"}
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------------------------
# Controls: each certificate has exactly its defect; the same s_server set-up carries a whole dialog.

def test_control_openssl_verify_finds_exactly_each_defect():
    for cert, args, expected in (
            ("good", ["-verify_ip", "127.0.0.1"], "OK"), ("good", ["-verify_hostname", "localhost"], "OK"),
            ("expired", [], "certificate has expired"), ("not-yet-valid", [], "certificate is not yet valid"),
            ("self-signed", [], "self-signed certificate"), ("another", [], "OK"),
            ("another", ["-verify_ip", "127.0.0.1"], "IP address mismatch"),
            ("ip-only", ["-verify_ip", "127.0.0.1"], "OK"),
            ("ip-only", ["-verify_hostname", "localhost"], "hostname mismatch"), ("ip-as-dns", [], "OK"),
            ("ip-as-dns", ["-verify_ip", "127.0.0.1"], "IP address mismatch")):
        assert_eq(CERTS.verify(cert, *args), expected, f"openssl verify {cert} {' '.join(args)}")


def test_control_good_certificate_sends_the_message():
    accepted("good")


def test_control_each_certificate_defect_passes_only_with_verification_off():
    for cert in ("expired", "not-yet-valid", "self-signed", "another", "ip-only"):
        host = "localhost" if cert == "ip-only" else "127.0.0.1"
        assert_in("not verified", accepted(cert, host=host, accept_untrusted_certificate=True), f"{cert}: the warning")


# ---------------------------------------------------------------------------------------------------------------
# Old protocol versions: TLS 1.2 or newer only, whatever the certificate options and OpenSSL's configuration say.

def test_server_with_only_tls_1_0_or_1_1_is_refused():
    for flag in OLD_VERSIONS:
        for extra in ({}, {"accept_untrusted_certificate": True}):
            server = old_tls_server(flag)
            if server is None:
                continue
            with server:
                err = refused_by(server, env=ALLOW_OLD_TLS, **extra)
            # The server's alert to a client hello that does not offer its version (not a later cipher failure).
            assert_in("protocol version", err["message"], f"{flag} {extra}: the reason")


def test_old_tls_hint_names_the_protocol_version():
    # OpenSSL says "tlsv1 alert protocol version": the hint must name the old version, not the security mode.
    for flag in OLD_VERSIONS:
        server = old_tls_server(flag)
        if server is None:
            continue
        with server:
            err = refused_by(server, env=ALLOW_OLD_TLS)
        assert re.search(OLD_TLS_HINT, err["hint"], re.IGNORECASE), (
            f"server with only {flag}: the hint does not name the old protocol version: "
            f"{err['hint']!r} (message: {err['message']!r})")


# ---------------------------------------------------------------------------------------------------------------
# Certificate validity period and issuer.

def test_expired_and_not_yet_valid_certificates_are_refused():
    refused("expired")
    refused("not-yet-valid")


def test_expired_certificate_hint_says_expired():
    # OpenSSL's handshake error says only "certificate verify failed"; the reason comes from the verify result.
    err = refused("expired")
    assert "expired" in err["hint"].lower(), (
        f"expired certificate: the hint does not say it expired: {err['hint']!r} "
        f"(message: {err['message']!r})")


def test_self_signed_certificate_is_refused():
    assert_in("not signed by a trusted authority", refused("self-signed")["hint"], "hint names the defect")


# ---------------------------------------------------------------------------------------------------------------
# Host names (test_tls_verification.py covers a SAN for another name without a matching CN, by address) and SNI.

def test_san_for_another_name_is_refused_even_when_the_cn_matches():
    assert_in("for another name", refused("another")["hint"], "hint names the defect")


def test_the_name_typed_in_server_is_checked_not_its_address():
    # The certificate is valid for 127.0.0.1 only; Server says "localhost" (which resolves to 127.0.0.1 here).
    if not localhost_is_loopback_only():
        print("SKIP: localhost does not resolve to 127.0.0.1 only")
        return
    err = refused("ip-only", host="localhost")
    assert_in("for another name", err["hint"], "hint names the defect")
    assert_in("localhost", err["message"], "names the host that was checked")


SNI = ["-servername", "localhost", "-cert2", CERTS.path("good.pem"), "-key2", CERTS.path("good.key")]


def test_sni_is_sent_for_a_name():
    # s_server presents the good certificate only to a client that sends SNI "localhost", else one for another name.
    if not localhost_is_loopback_only():
        print("SKIP: localhost does not resolve to 127.0.0.1 only")
        return
    assert_in('Hostname in TLS extension: "localhost"', accepted("another", *SNI, host="localhost"), "SNI sent")


def test_no_sni_for_an_ip_address():
    # RFC 6066 3: "Literal IPv4 and IPv6 addresses are not permitted in HostName".
    with serve("another", *SNI) as server:
        refused_by(server)  # by the host name check after the handshake, so s_server shows what it received
        output = server.wait_for("CIPHER is")
    assert_in("CIPHER is", output, "s_server finished the handshake (it prints the SNI only then)")
    sni = re.findall(r"Hostname in TLS extension: .*", output)
    assert not sni, f"SNI sent for the address 127.0.0.1: {sni}"


def test_ip_address_written_as_a_dns_name_is_refused():
    # An IP address must match an iPAddress SAN only (RFC 9525 6.2.1; `openssl verify -verify_ip` above, browsers and
    # Python refuse DNS:127.0.0.1); Poco's X509Certificate::verify() would take the address as a name first.
    with serve("ip-as-dns", dialog=GOOD_DIALOG) as server:
        r = send(server.port)
    err = r.block("send").get("error") or {}
    assert err.get("kind") == "tls" and r.code == 1, (
        "a certificate for DNS:127.0.0.1 was accepted for the address 127.0.0.1 "
        f"(exit {r.code}, error {err}, AUTH sent: {'C: AUTH' in r.stderr})")


# ---------------------------------------------------------------------------------------------------------------
# Save to Sent refuses the same defects (IMAP over SSL on connect), before any credentials are sent.

def save_to_sent(imap_port, env=None):
    script = greeting_and_ehlo() + [
        ("expect", r"MAIL FROM:<robot@example\.org> SIZE=\d+"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<to@example\.org>"), ("send", "250 ok"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as IMAPTLS"),
        ("expect", "QUIT"), ("send", "221 bye")]
    with ScriptedSmtp(script) as smtp:
        diagram = {"start": {"next": "send", "message_level": "Detailed", "language": "en"}, "blocks": {
            "send": {"type": "mail.send", "next": "save", "inputs": {
                "server": "127.0.0.1", "port": smtp.port, "security": "None", "sender_email": LOGIN,
                "recipient": "to@example.org", "subject": "IMAP TLS", "body": "x", "timeout": 5}},
            "save": {"type": "mail.save_to_sent", "inputs": {
                "sent_message": {"$link": "send.sent_message"}, "server": "127.0.0.1", "port": imap_port,
                "security": "SSL on connect", "ca_file": CERTS.ca, "login": LOGIN,
                "password": {"$env": "TLS_REFUSAL_PASSWORD"}, "timeout": 3}}}}
        r = run_diagram(diagram, env={**ENV, **(env or {})})
    assert_eq(r.block("send")["status"], "ok", f"the email itself went out: {r!r}")
    assert_no_leak({"stdout": r.stdout, "stderr": r.stderr}, SECRET, repr(r))
    return r


def save_to_sent_refusals():
    """Save to Sent against each defect: asserts each was refused before signing in; returns [(what, error, what its
    hint should match)]."""
    cases = [(f"good {flag}", lambda flag=flag: old_tls_server(flag), ALLOW_OLD_TLS, OLD_TLS_HINT)
             for flag in OLD_VERSIONS]
    cases += [(cert, lambda cert=cert: serve(cert), None, hint) for cert, hint in (
        ("expired", "expired"), ("not-yet-valid", None), ("self-signed", "trusted"), ("another", "another name"))]
    errors = []
    for what, start, env, hint in cases:
        server = start()
        if server is None:
            continue
        with server:
            r = save_to_sent(server.port, env)
        assert_eq(r.code, 1, f"{what}: {r!r}")
        err = r.block("save")["error"]
        assert_eq(err["kind"], "tls", f"{what}: kind ({err})")
        assert_in("The email was delivered", err["message"], f"{what}: message")
        if env:
            assert_in("protocol version", err["message"], f"{what}: the reason")
        assert_not_in("[save] C:", r.stderr, f"{what}: no IMAP command sent")
        for text in ("AUTHENTICATE", "LOGIN"):
            assert_not_in(text, server.output(), f"{what}: what the server received")
        assert_no_leak({"what the server received": server.output()}, SECRET)
        errors.append((what, err, hint))
    return errors


def test_save_to_sent_refuses_each_defect_before_signing_in():
    assert save_to_sent_refusals(), "no case ran"


def test_save_to_sent_hint_names_the_defect():
    # Each defect gets its own hint in Save to Sent too (the same advice as Send email's).
    wrong = [(what, err["hint"]) for what, err, hint in save_to_sent_refusals()
             if hint and not re.search(hint, err["hint"], re.IGNORECASE)]
    assert not wrong, f"Save to Sent's TLS hint does not name the defect: {wrong}"


def test_save_to_sent_control_good_certificate_passes_the_handshake():
    greeting = b"* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] tls.test ready\r\n"
    with serve("good", dialog=greeting) as server:
        r = save_to_sent(server.port)
        server.wait_for("AUTHENTICATE PLAIN")
    err = r.block("save")["error"]
    assert err["kind"] != "tls", f"the handshake passed, the IMAP server then says nothing: {err}"
    assert_in("S: * OK [CAPABILITY", r.stderr, "the greeting came through TLS")
    assert_in("AUTHENTICATE PLAIN", server.output(), "the client signed in over the verified connection")


tests(globals())
