"""Every security mode against every authentication method the test Postfix offers (PLAIN, LOGIN, CRAM-MD5),
each delivering for real; plus the reference block's SSL flag mapping (Auto's choice among mechanisms:
test_sasl_mechanisms)."""
from mbtest import assert_eq, assert_in, delivered, run_diagram, send_diagram, servers, tests

S = servers()
ENV = {"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]}
MODES = {"STARTTLS": S["MB_SMTP_STARTTLS_PORT"], "SSL on connect": S["MB_SMTP_SMTPS_PORT"],
         "None": S["MB_SMTP_PLAIN_PORT"]}


def send(security, method, port, **extra):
    to = f"matrix-{security.replace(' ', '')}-{method}@example.org".lower()
    inputs = {"server": S["MB_HOST"], "port": port, "security": security, "ca_file": S["MB_CA_FILE"],
              "login": S["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"}, "sender_email": S["MB_SMTP_USER"],
              "recipient": to, "subject": f"{security} {method}", "body": "matrix", "auth_method": method}
    inputs.update(extra)
    r = run_diagram(send_diagram(inputs, start={"message_level": "Debug"}), env=ENV)
    return to, r


def test_every_security_mode_with_every_auth_method():
    for security, port in MODES.items():
        for method in ("PLAIN", "LOGIN", "CRAM-MD5"):
            # Without TLS the credentials go only because the diagram explicitly allows it.
            extra = {"allow_insecure_auth": True} if security == "None" else {}
            to, r = send(security, method, port, **extra)
            assert_eq(r.code, 0, f"{security}/{method}: {r!r}")
            assert_in(f"AUTH {method} as", r.stderr, f"{security}/{method} mechanism used")
            msg = delivered(to)[0]
            assert_in(f"{security} {method}".encode(), msg, "subject delivered")


def test_ssl_flag_on_a_port_other_than_465_means_starttls():
    # (465 itself needs root to listen on; the mapping SSL + 465 -> SSL on connect is a unit test.)
    to, r = send("Auto", "Auto", S["MB_SMTP_STARTTLS_PORT"], ssl=True)
    assert_eq(r.code, 0, repr(r))
    assert_in("security STARTTLS", r.stderr, "mode chosen")
    delivered(to)


tests(globals())
