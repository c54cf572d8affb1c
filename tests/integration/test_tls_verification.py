"""Certificates are verified by default: an untrusted certificate and a wrong host name are refused with a
TLS error (nothing sent); the explicit "accept untrusted" option connects and warns."""
import os
import subprocess
import socket
import time

from mbtest import assert_eq, assert_in, assert_not_in, delivered, run_diagram, send_diagram, servers, tests, unique

S = servers()
ENV = {"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]}


def inputs(**extra):
    base = {"server": S["MB_HOST"], "port": S["MB_SMTP_STARTTLS_PORT"], "security": "STARTTLS",
            "login": S["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"}, "sender_email": S["MB_SMTP_USER"],
            "recipient": unique("tls"), "subject": "TLS", "body": "x"}
    base.update(extra)
    return base


def test_self_signed_chain_is_refused_without_its_ca():
    r = run_diagram(send_diagram(inputs(), start={"message_level": "Detailed"}), env=ENV)
    assert_eq(r.code, 1, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "tls", "kind")
    assert_eq(err["stage"], "tls", "stage")
    assert_not_in("C: AUTH", r.stderr, "no credentials after a failed handshake")


def test_accepting_an_untrusted_certificate_works_and_warns():
    i = inputs(accept_untrusted_certificate=True)
    r = run_diagram(send_diagram(i, start={"message_level": "Debug", "language": "en"}), env=ENV)
    assert_eq(r.code, 0, repr(r))
    assert_in("warning: WARNING: the server's certificate is not verified", r.stderr, "warning at Debug")
    delivered(i["recipient"])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_host_name_mismatch_is_refused():
    port = free_port()
    server = subprocess.Popen(["openssl", "s_server", "-quiet", "-accept", f"127.0.0.1:{port}",
                               "-cert", S["MB_WRONG_HOST_CERT"], "-key", S["MB_WRONG_HOST_KEY"]],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        # The certificate is signed by the trusted test CA, but for wrong-host.invalid, not 127.0.0.1.
        r = run_diagram(send_diagram(inputs(port=port, security="SSL on connect", ca_file=S["MB_CA_FILE"], timeout=5)),
                        env=ENV)
        assert_eq(r.code, 1, repr(r))
        err = r.block("send")["error"]
        assert_eq(err["kind"], "tls", "kind")
        assert_in("127.0.0.1", err["message"], "names the host")
    finally:
        server.kill()
        server.wait()


tests(globals())
