"""Failures a user meets first: a wrong password, credentials refused over plain text, an unreachable port;
each checked for the error text, the error level's effect on the run, and that no password is printed."""
from mbtest import assert_eq, assert_in, assert_not_in, delivered, run_diagram, send_diagram, servers, tests, unique

S = servers()


def test_wrong_password_stops_the_diagram_with_an_auth_error():
    r = run_diagram(send_diagram({
        "server": S["MB_HOST"], "port": S["MB_SMTP_STARTTLS_PORT"], "ssl": True, "ca_file": S["MB_CA_FILE"],
        "login": S["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"}, "sender_email": S["MB_SMTP_USER"],
        "recipient": unique()}, start={"message_level": "Detailed"}), env={"SMTP_PASSWORD": "Wr0ng-Pa55!"})
    assert_eq(r.code, 1, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "authentication", "kind")
    assert_eq(err["code"], 535, "code")
    assert_eq(err["stage"], "auth", "stage")
    assert_in("пароль приложения", r.block("send")["outputs"]["error_text"], "hint in Russian")
    assert_not_in("Wr0ng-Pa55!", r.stdout + r.stderr, "password printed")


def test_credentials_are_not_sent_in_clear_text():
    r = run_diagram(send_diagram({
        "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "login": S["MB_SMTP_USER"],
        "password": {"$env": "SMTP_PASSWORD"}, "sender_email": S["MB_SMTP_USER"], "recipient": unique(),
        "error_level": "Ignore"}, start={"message_level": "Detailed", "language": "en"}),
        env={"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]})
    assert_eq(r.code, 0, repr(r))  # Ignore: the diagram completes
    err = r.block("send")["error"]
    assert_eq(err["kind"], "insecure_auth", "kind")
    assert_in("not encrypted", err["message"], "message")
    assert_not_in("C: AUTH", r.stderr, "no AUTH command was sent")


def test_insecure_auth_allowed_explicitly_delivers():
    to = unique("insecure")
    r = run_diagram(send_diagram({
        "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "login": S["MB_SMTP_USER"],
        "password": {"$env": "SMTP_PASSWORD"}, "sender_email": S["MB_SMTP_USER"], "recipient": to,
        "allow_insecure_auth": True, "auth_method": "CRAM-MD5"}), env={"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]})
    assert_eq(r.code, 0, repr(r))
    delivered(to)


def test_closed_port_is_connect_refused_and_handle_takes_the_error_path():
    diagram = send_diagram({"server": "127.0.0.1", "port": 1, "sender_email": "a@example.org", "recipient": unique(),
                            "error_level": "Handle"}, block_extra={"on_error": "after"})
    diagram["blocks"]["after"] = {"type": "mail.send", "inputs": {
        "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": "robot@mailblock.test",
        "recipient": (to := unique("handled")), "subject": "Ошибка", "body": {"$link": "send.error_text"}}}
    r = run_diagram(diagram)
    assert_eq(r.code, 0, repr(r))
    assert_eq(r.block("send")["error"]["kind"], "connect_refused", "kind")
    body = delivered(to)[0].decode()
    assert_in("Content-Type: text/plain", body, "the handler sent the error text")


def test_starttls_required_but_not_offered_fails_before_credentials():
    r = run_diagram(send_diagram({
        "server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "security": "STARTTLS", "login": S["MB_SMTP_USER"],
        "password": {"$env": "SMTP_PASSWORD"}, "sender_email": S["MB_SMTP_USER"], "recipient": unique()},
        start={"message_level": "Detailed"}), env={"SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]})
    assert_eq(r.code, 1, repr(r))
    assert_eq(r.block("send")["error"]["kind"], "tls", "kind")
    assert_not_in("C: AUTH", r.stderr, "no credentials were sent")
    assert_in("S: 250", r.stderr, "the dialog was shown")


tests(globals())
