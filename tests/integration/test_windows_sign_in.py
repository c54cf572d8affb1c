"""Windows sign-in against real servers: the MIT KDC of tests/servers/kdc.sh, Dovecot with dovecot-gssapi, and
Postfix through Dovecot's SASL. A kinit ticket in a private credential cache signs both blocks in with GSSAPI (Postfix's
log says sasl_method=GSSAPI); NTLM signs in with login, domain and password; Windows picks GSSAPI with a ticket and
NTLM without (NTLM itself: test_ntlm_exchange, Debian's Dovecot has no NTLM). Failures speak a Windows admin's words: no ticket, an expired ticket, a ticket of another realm, an
unknown service principal, a refused NTLM password, a server offering none of the account's mechanisms."""
import os
import subprocess
import time

from mbtest import RPA, assert_eq, assert_in, assert_not_delivered, assert_not_in, assert_signed_in_with, run_diagram, servers, tests, unique
from imap_scripts import TLS, chain as imap_chain
from scripted_smtp import ScriptedSmtp
import mbtest

S = servers()
USER = S["MB_SMTP_USER"]
KDC_CLOCK_SKEW = 1  # seconds: clockskew in tests/servers/kdc.sh
HOST = "localhost"  # the service principals are smtp/localhost and imap/localhost


def kerberos_env(ticket=True, lifetime=None, principal=None):
    """A private credential cache (KRB5CCNAME) in a fresh folder, with a ticket from kinit unless told otherwise."""
    folder = mbtest.temp_folder("mb-krb5-")
    env = {"KRB5_CONFIG": S["MB_KRB5_CONFIG"], "KRB5CCNAME": f"FILE:{folder}/cc", "PW": S["MB_SMTP_PASSWORD"]}
    if ticket:
        args = ["kinit"] + (["-l", lifetime] if lifetime else []) + [principal or S["MB_KRB5_USER"]]
        subprocess.run(args, input=S["MB_SMTP_PASSWORD"] + "\n", text=True, check=True, capture_output=True,
                       env={**os.environ, **env})
    return env


def chain(to, method, server=HOST, save=True, **send_extra):
    send = {"server": server, "port": S["MB_SMTP_STARTTLS_PORT"], "security": "STARTTLS", "ca_file": S["MB_CA_FILE"],
            "login": USER, "sender_email": USER, "recipient": to, "subject": f"Windows {method}", "body": "x",
            "auth_method": method}
    send.update(send_extra)
    blocks = {"send": {"type": "mail.send", "inputs": send}}
    if save:
        blocks["send"]["next"] = "save"
        blocks["save"] = {"type": "mail.save_to_sent",
                          "inputs": {"sent_message": {"$link": "send.sent_message"}, "server": server,
                                     "port": S["MB_IMAP_PORT"], "security": "STARTTLS", "ca_file": S["MB_CA_FILE"],
                                     "auth_method": method, **{k: v for k, v in send_extra.items() if k in ("domain", "keytab")}}}
    return {"start": {"next": "send", "message_level": "Detailed", "language": "en"}, "blocks": blocks}


def test_gssapi_with_a_kinit_ticket_signs_in_to_postfix_and_dovecot():
    to = unique("gssapi")
    r = run_diagram(chain(to, "GSSAPI"), env=kerberos_env())
    assert_signed_in_with(r, to, "GSSAPI")


def test_windows_means_gssapi_when_a_ticket_exists():
    to = unique("windows-ticket")
    r = run_diagram(chain(to, "Windows", password={"$env": "PW"}, domain="MAILBLOCK"), env=kerberos_env())
    assert_signed_in_with(r, to, "GSSAPI")


def test_auto_signs_in_with_the_ticket_when_there_is_no_password():
    to = unique("auto-ticket")
    r = run_diagram(chain(to, "Auto"), env=kerberos_env())
    assert_signed_in_with(r, to, "GSSAPI")


def test_auto_prefers_scram_to_the_ticket_when_there_is_a_password():
    to = unique("auto-scram")
    r = run_diagram(chain(to, "Auto", password={"$env": "PW"}), env=kerberos_env())
    assert_signed_in_with(r, to, "SCRAM-SHA-256")


def test_auto_never_signs_in_with_someone_elses_ticket():
    to = unique("auto-other-ticket")
    r = run_diagram(chain(to, "Auto", save=False), env=kerberos_env(principal="clerk@" + S["MB_KRB5_REALM"]))
    assert_eq(r.code != 0, True, repr(r))
    assert_in("get a Kerberos ticket: kinit", r.block("send")["error"]["message"], "the password port's advice")
    assert_not_in("AUTH GSSAPI", r.stderr, "the clerk's ticket was not offered for the robot")
    assert_not_delivered(to, "a message without the robot's own credentials")


def test_a_keytab_signs_both_blocks_in_without_kinit_and_leaves_the_users_cache_alone():
    to = unique("keytab")
    env = kerberos_env(ticket=False)
    r = run_diagram(chain(to, "GSSAPI", keytab=S["MB_KRB5_ROBOT_KEYTAB"]), env=env)
    assert_signed_in_with(r, to, "GSSAPI")
    assert_in(f"Kerberos ticket of {S['MB_KRB5_USER']} from the keytab", r.stderr, "whose ticket, said in the log")
    assert_eq(subprocess.run(["klist", "-s"], env={**os.environ, **env}).returncode != 0, True,
              "the user's credential cache is still empty")


def test_auto_with_a_keytab_needs_no_password():
    to = unique("keytab-auto")
    r = run_diagram(chain(to, "Auto", keytab=S["MB_KRB5_ROBOT_KEYTAB"]), env=kerberos_env(ticket=False))
    assert_signed_in_with(r, to, "GSSAPI")


def test_a_keytab_without_the_logins_key_names_what_it_holds():
    to = unique("keytab-other")
    r = run_diagram(chain(to, "GSSAPI", save=False, keytab=S["MB_KRB5_ROBOT_KEYTAB"], login="clerk@mailblock.test"),
                    env=kerberos_env(ticket=False))
    refused(r, to, "has no key for clerk@mailblock.test", "it holds: " + S["MB_KRB5_USER"], "Export a keytab")


def test_a_missing_keytab_is_refused_at_its_port():
    to = unique("keytab-missing")
    r = run_diagram(chain(to, "GSSAPI", save=False, keytab="/nonexistent/robot.keytab"), env=kerberos_env(ticket=False))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "invalid_input", repr(err))
    assert_in("Kerberos keytab (keytab): the file /nonexistent/robot.keytab cannot be read: no such file", err["message"],
              "names the port and the file")
    assert_not_delivered(to, "a message with an unusable keytab")


def test_a_named_connection_holds_the_keytab():
    config = mbtest.temp_folder("mb-conn-krb-")
    env = {**kerberos_env(ticket=False), "XDG_CONFIG_HOME": config}
    add = subprocess.run([RPA, "connection", "add", "kerberos-robot", "--server", HOST, "--port",
                          S["MB_SMTP_STARTTLS_PORT"], "--security", "STARTTLS", "--ca-file", S["MB_CA_FILE"], "--auth",
                          "GSSAPI", "--login", USER, "--keytab", S["MB_KRB5_ROBOT_KEYTAB"], "--no-password", "--sender",
                          USER, "--imap-server", HOST, "--imap-port", S["MB_IMAP_PORT"], "--imap-security", "STARTTLS"],
                         capture_output=True, text=True, timeout=60, env={**os.environ, **env})
    assert_eq(add.returncode, 0, add.stderr)
    shown = subprocess.run([RPA, "connection", "show", "kerberos-robot"], capture_output=True, text=True, timeout=60,
                           env={**os.environ, **env})
    assert_in("keytab: " + S["MB_KRB5_ROBOT_KEYTAB"], shown.stdout, "show names the keytab")
    to = unique("conn-keytab")
    r = run_diagram({"start": {"next": "send", "message_level": "Detailed", "language": "en"},
                     "blocks": {"send": {"type": "mail.send", "next": "save",
                                         "inputs": {"connection": "kerberos-robot", "recipient": to, "subject": "k",
                                                    "body": "x"}},
                                "save": {"type": "mail.save_to_sent",
                                         "inputs": {"sent_message": {"$link": "send.sent_message"},
                                                    "connection": "kerberos-robot"}}}}, env=env)
    assert_signed_in_with(r, to, "GSSAPI")


def refused(r, to, *words):
    assert_eq(r.code != 0, True, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "authentication", repr(err))
    assert_eq(err["fate"], "not_sent", repr(err))
    text = err["message"] + " " + err.get("hint", "")
    for w in words:
        assert_in(w, text, "the advice")
    assert_not_delivered(to, "a message after a failed sign-in")
    return err


def test_no_ticket_says_run_kinit():
    to = unique("gssapi-none")
    r = run_diagram(chain(to, "GSSAPI", save=False), env=kerberos_env(ticket=False))
    refused(r, to, "no Kerberos ticket", "Run kinit or log on to the domain")


def test_an_expired_ticket_says_run_kinit_again():
    to = unique("gssapi-expired")
    env = kerberos_env(lifetime="2s")
    # klist -s fails once the cache holds no valid ticket; the KDC still forgives its clock skew (clockskew = 1 in
    # tests/servers/kdc.sh) past that moment. Expiry is a matter of time itself, so this waits on the clock.
    while subprocess.run(["klist", "-s"], env={**os.environ, **env}).returncode == 0:
        time.sleep(0.1)
    time.sleep(KDC_CLOCK_SKEW + 0.5)
    r = run_diagram(chain(to, "GSSAPI", save=False), env=env)
    refused(r, to, "ticket has expired", "Run kinit again")


def test_an_unknown_service_principal_names_it():
    to = unique("gssapi-spn")
    # 127.0.0.1 is not a name the KDC has a service key for: smtp/127.0.0.1 is unknown.
    r = run_diagram(chain(to, "GSSAPI", server="127.0.0.1", save=False), env=kerberos_env())
    refused(r, to, "smtp/127.0.0.1", "setspn")


def test_a_ticket_of_another_realm_is_refused():
    to = unique("gssapi-realm")
    env = kerberos_env()
    r = run_diagram(chain(to, "GSSAPI", save=False), env={**env, "KRB5_CONFIG": other_realm_config()})
    refused(r, to, "another realm", "kinit")


def other_realm_config():
    """The same krb5.conf with localhost mapped to OTHER.TEST: the mail server is in another domain than the robot's
    ticket, and no trust leads there."""
    with open(S["MB_KRB5_CONFIG"]) as f:
        text = f.read()
    text = text.replace(f"localhost = {S['MB_KRB5_REALM']}", "localhost = OTHER.TEST")
    path = os.path.join(mbtest.temp_folder("mb-krb5-other-"), "krb5.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_a_server_offering_none_of_the_mechanisms_sends_nothing():
    script = [("send", "220 scripted ESMTP"), ("expect", r"EHLO \S+"), ("send", "250-scripted"),
              ("send", "250 AUTH PLAIN LOGIN")]
    with ScriptedSmtp(script) as smtp:
        send = {"server": "127.0.0.1", "port": smtp.port, "security": "None", "allow_insecure_auth": True,
                "login": USER, "sender_email": USER, "recipient": "x@example.org", "subject": "s", "body": "b",
                "auth_method": "GSSAPI"}
        r = run_diagram({"start": {"next": "send", "language": "en"},
                         "blocks": {"send": {"type": "mail.send", "inputs": send}}}, env=kerberos_env())
    assert_eq(r.code != 0, True, repr(r))
    err = r.block("send")["error"]
    assert_eq(err["kind"], "authentication", repr(err))
    assert_in("does not offer GSSAPI", err["message"], "names the mechanism the server lacks")
    assert_in("It offers: PLAIN LOGIN", err["hint"], "and what it offers")
    assert_eq([line for line in smtp.received if line.startswith("AUTH") or line.startswith("MAIL")], [],
              "neither AUTH nor MAIL was sent")



def test_an_imap_server_offering_none_of_the_mechanisms_gets_no_authenticate():
    greeting = "* OK [CAPABILITY IMAP4rev1 STARTTLS SPECIAL-USE UIDPLUS] no Kerberos here"
    script = [("send", greeting), ("expect", "A1 STARTTLS"), ("send", "A1 OK begin TLS"), TLS,
              ("expect", "A2 CAPABILITY"), ("send", "* CAPABILITY IMAP4rev1 SPECIAL-USE UIDPLUS AUTH=PLAIN"),
              ("send", "A2 OK")]
    with ScriptedSmtp(script) as imap:
        r = run_diagram(imap_chain(imap.port, security="STARTTLS", auth_method="GSSAPI"),
                        env={**kerberos_env(), "IMAP_PASSWORD": "unused"})
    err = r.block("save")["error"]
    assert_eq(err["fate"], "copy_not_saved", repr(err))
    assert_in("does not offer GSSAPI", err["message"], "names the mechanism the server lacks")
    assert_in("It offers: PLAIN", err["hint"], "and what it offers")
    assert_eq([line for line in imap.received if "AUTHENTICATE" in line or "APPEND" in line], [], "nothing sent")


tests(globals())
