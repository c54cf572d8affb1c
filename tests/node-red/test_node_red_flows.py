"""The Node-RED package end to end: the real Node-RED with node-red-contrib-mailblock installed from its npm pack,
flows deployed through the admin HTTP API and fired by inject nodes, the real Postfix and Dovecot behind them.
One Node-RED runs the whole file; each test deploys its own flow."""
import json
import os
import re
import subprocess
import time

import nrtest
import mbtest  # noqa: E402 (nrtest puts tests/integration on the path)
from mbtest import (RPA, assert_eq, assert_in, assert_not_in, delivered, parse, sent_copies, servers, tests, unique)
from scripted_smtp import ScriptedSmtp, greeting_and_ehlo

S = servers()
SENT_FOLDER = ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"  # "Отправленные"
Z = "flow-tests"
NR = None  # the Node-RED of this file
CONFIG = mbtest.temp_folder("mb-nr-config-")  # Node-RED's XDG_CONFIG_HOME: the store of its named connections


def settings(error_level="Default", message_level="Debug", parallel=4):
    return {"id": "settings", "type": "mailblock-settings", "name": "start", "error_level": error_level,
            "message_level": message_level, "language": "en", "parallel": parallel}


def send_node(node_id, wires, outputs=1, **fields):
    """A Send email node to the test Postfix (STARTTLS, AUTH); the recipient comes from msg.to."""
    node = {"id": node_id, "type": "mail-send", "z": Z, "settings": "settings", "outputs": outputs,
            "server": S["MB_HOST"], "server_type": "str", "port": S["MB_SMTP_STARTTLS_PORT"], "port_type": "num",
            "login": S["MB_SMTP_USER"], "login_type": "str", "ssl": "true", "ssl_type": "bool",
            "ca_file": S["MB_CA_FILE"], "ca_file_type": "str", "sender_email": S["MB_SMTP_USER"],
            "sender_email_type": "str", "recipient": "to", "recipient_type": "msg", "subject": "Из Node-RED",
            "subject_type": "str", "body": "payload", "body_type": "msg", "error_level": "Default",
            "message_level": "Default", "credentials": {"password": S["MB_SMTP_PASSWORD"]},
            "x": 300, "y": 100, "wires": wires}
    node.update(fields)
    return node


def inject(node_id, wires, props):
    return {"id": node_id, "type": "inject", "z": Z, "props": [{"p": k, "v": v, "vt": "str"} for k, v in props.items()],
            "repeat": "", "once": False, "x": 100, "y": 100, "wires": [wires]}


def deploy(*nodes):
    NR.deploy([nrtest.tab(Z), settings()] + [n for group in nodes for n in (group if isinstance(group, list) else [group])])


def record(name, fields):
    path = NR.file(f"{name}-{unique('rec')}.jsonl")
    nodes = nrtest.recorder(f"rec-{name}", Z, path, fields)
    return nodes, path


def test_send_email_then_save_to_sent_with_one_wire():
    to = unique("nr-chain")
    rec, path = record("chain", ["payload", "outcome", "folder_used", "sent_message", "error_text"])
    save = {"id": "save", "type": "mail-save_to_sent", "z": Z, "settings": "settings", "outputs": 1,
            "port": S["MB_IMAP_PORT"], "port_type": "num", "security": "STARTTLS", "ca_file": S["MB_CA_FILE"],
            "ca_file_type": "str", "x": 500, "y": 100, "wires": [["rec-chain"]]}
    # The password from Node-RED's environment through the credential field's ${NAME}.
    deploy(inject("go", ["send"], {"to": to, "payload": "Письмо из потока Node-RED."}),
           send_node("send", [["save"]], credentials={"password": "${MB_NR_SMTP_PASSWORD}"}), save, rec)
    NR.inject("go")
    line = nrtest.wait_lines(path, 1, what="the message after Save to Sent")[0]
    assert_eq(line.get("error_text"), None, "no error")
    assert_eq(line["outcome"], "stored", "Save to Sent's outcome")
    assert_eq(line["payload"], line["folder_used"], "msg.payload is Save to Sent's main output")
    assert_in("***", json.dumps(line["sent_message"]["account"]), "the account's secret in the Sent message is masked")
    assert_not_in(S["MB_SMTP_PASSWORD"], json.dumps(line, ensure_ascii=False), "the message as the flow has it")
    mail = parse(delivered(to)[0])
    assert_eq(mail["Subject"], "Из Node-RED", "the delivered message")
    assert_in("Письмо из потока Node-RED.", mail.get_body().get_content(), "the body from msg.payload")
    assert_eq(len(sent_copies(S["MB_SMTP_USER"], SENT_FOLDER, to)), 1, "one copy in Отправленные")


def test_a_template_is_filled_from_the_fields_of_msg_payload():
    to = unique("nr-template")
    template = NR.file(f"letter-{unique('tpl')}.txt")
    with open(template, "w", encoding="utf-8") as f:
        f.write("Здравствуйте, {{client}}! Заказ {{order}} отправлен.")
    go = inject("go-tpl", ["send-tpl"], {"to": to})
    go["props"].append({"p": "payload", "v": json.dumps({"client": "Анна", "order": 42}), "vt": "json"})
    deploy(go, send_node("send-tpl", [[]], body="", body_type="str", template=template, template_type="str"))
    NR.inject("go-tpl")
    body = parse(delivered(to)[0]).get_body().get_content()
    assert_in("Здравствуйте, Анна! Заказ 42 отправлен.", body, "the template's places from msg.payload")


def test_a_connection_config_node_fills_send_and_save_to_sent():
    """Named connections in Node-RED: a mailblock-connection config node holds the name (`rpa connection add`), the
    Send email and Save to Sent nodes pick it, and give nothing else but the message."""
    r = subprocess.run([RPA, "connection", "add", "nr-office", "--server", S["MB_HOST"], "--port",
                        S["MB_SMTP_STARTTLS_PORT"], "--security", "STARTTLS", "--ca-file", S["MB_CA_FILE"], "--login",
                        S["MB_SMTP_USER"], "--password-env", "MB_NR_SMTP_PASSWORD", "--sender", S["MB_SMTP_USER"],
                        "--imap-server", S["MB_HOST"], "--imap-port", S["MB_IMAP_PORT"], "--imap-security", "STARTTLS",
                        "--replace"], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "XDG_CONFIG_HOME": CONFIG, "MB_NR_SMTP_PASSWORD": S["MB_SMTP_PASSWORD"]})
    assert_eq(r.returncode, 0, r.stderr)
    to = unique("nr-conn")
    rec, path = record("conn", ["payload", "outcome", "error_text"])
    connection = {"id": "office", "type": "mailblock-connection", "name": "Офис", "value": "nr-office"}
    send = {"id": "csend", "type": "mail-send", "z": Z, "settings": "settings", "outputs": 1, "connection": "office",
            "recipient": "to", "recipient_type": "msg", "subject": "Через подключение", "subject_type": "str",
            "body": "payload", "body_type": "msg", "x": 300, "y": 100, "wires": [["csave"]]}
    save = {"id": "csave", "type": "mail-save_to_sent", "z": Z, "settings": "settings", "outputs": 1,
            "connection": "office", "x": 500, "y": 100, "wires": [["rec-conn"]]}
    deploy(connection, inject("go-conn", ["csend"], {"to": to, "payload": "Настройки у администратора."}), send, save, rec)
    NR.inject("go-conn")
    line = nrtest.wait_lines(path, 1, what="the message after Save to Sent")[0]
    assert_eq(line.get("error_text"), None, "no error")
    assert_eq(line["outcome"], "stored", "Save to Sent through the connection")
    assert_eq(parse(delivered(to)[0])["Subject"], "Через подключение", "delivered through the connection")
    assert_eq(len(sent_copies(S["MB_SMTP_USER"], SENT_FOLDER, to)), 1, "one copy in Отправленные")


def test_credentials_stay_out_of_the_flow_file_and_every_log():
    password = S["MB_SMTP_PASSWORD"]
    to = unique("nr-secret")
    rec, path = record("secret", ["error_text", "sent_message"])
    # The whole message goes to the debug sidebar and, with console on, into the log the test reads.
    debug = {"id": "debug", "type": "debug", "z": Z, "active": True, "tosidebar": True, "console": True,
             "complete": "true", "targetType": "full", "x": 500, "y": 200, "wires": []}
    deploy(inject("go", ["send"], {"to": to}), send_node("send", [["rec-secret", "debug"]], message_level="Detailed"),
           rec, debug)
    NR.inject("go")
    line = nrtest.wait_lines(path, 1, what="the message after Send email")[0]
    assert_eq(line.get("error_text"), None, "no error")
    delivered(to)
    with open(NR.file("flows.json"), encoding="utf-8") as f:
        flows = f.read()
    assert_in('"mail-send"', flows, "flows.json holds the deployed flow")
    assert_not_in(password, flows, "flows.json")
    with open(NR.file("flows_cred.json"), encoding="utf-8") as f:
        assert_not_in(password, f.read(), "flows_cred.json is encrypted")
    assert_not_in(password, json.dumps(NR.request("GET", "/flows")), "GET /flows (what the editor sees)")
    log = NR.log()
    for needle, what in (("[info] [mail-send:send] server ", "Debug messages reach Node-RED's log"),
                         ("[trace] [mail-send:send] C: MAIL FROM:", "the SMTP dialog at message level Detailed"),
                         ("queue_id: ", "the debug node printed the Sent message")):
        if needle not in log:
            raise AssertionError(f"{what}: {needle!r} is not in {NR.log_path}")
    if password in log:
        raise AssertionError(f"the password is in Node-RED's log {NR.log_path}")


def failing_send(node_id, level, wires, outputs=1):
    """Send email to a port nothing listens on: connect_refused, at once and without retries."""
    return send_node(node_id, wires, outputs=outputs, port=str(nrtest.free_port()), retries="0", retries_type="num",
                     error_level=level, timeout="5", timeout_type="num")


def test_error_levels_default_ignore_handle():
    fields = ["error_text", "error", "topic"]
    ok_default, ok_default_path = record("default-ok", fields)
    caught, caught_path = record("caught", fields)
    ignored, ignored_path = record("ignored", fields)
    handled_ok, handled_ok_path = record("handled-ok", fields)
    handled, handled_path = record("handled", fields)
    catch = {"id": "catch", "type": "catch", "z": Z, "scope": ["send-default"], "uncaught": False, "x": 100, "y": 300,
             "wires": [["rec-caught"]]}
    deploy(inject("go", ["send-default", "send-ignore", "send-handle"], {"to": unique("nr-fail"), "topic": "t1"}),
           failing_send("send-default", "Default", [["rec-default-ok"]]),
           failing_send("send-ignore", "Ignore", [["rec-ignored"]]),
           failing_send("send-handle", "Handle", [["rec-handled-ok"], ["rec-handled"]], outputs=2),
           catch, ok_default, caught, ignored, handled_ok, handled)
    NR.inject("go")
    c = nrtest.wait_lines(caught_path, 1, what="the Catch node")[0]
    assert_eq(c["topic"], "t1", "Catch gets the message that failed")
    assert_in("refused", c["error"]["message"], "Catch's msg.error.message")
    assert_eq(c["error"]["source"]["id"], "send-default", "the error's source")
    i = nrtest.wait_lines(ignored_path, 1, what="Ignore passes the message on")[0]
    assert_in("refused", i["error_text"], "msg.error_text with Ignore")
    h = nrtest.wait_lines(handled_path, 1, what="Handle's error output")[0]
    assert_eq(h["error"]["kind"], "connect_refused", "msg.error.kind with Handle")
    assert_eq(sorted(h["error"]), sorted(["kind", "fate", "stage", "code", "enhanced", "message", "hint"]),
              "msg.error's fields, each present")
    assert_eq(h["error"]["stage"], "connect", "msg.error.stage")
    assert_in("refused", h["error_text"], "msg.error_text with Handle")
    # Each node answered its message (the three lines above); no success path was taken.
    for what, path in (("Default", ok_default_path), ("Handle", handled_ok_path)):
        assert_eq(os.path.exists(path), False, f"the normal output of the {what} node")


def postfix_connections(queue_ids):
    """How many SMTP connections handed over these messages, from Postfix's log: each smtpd line names its process;
    a process serves its connections one after another, each opened by a "connect from" line."""
    wanted = set(queue_ids)
    connection = {}  # smtpd pid -> connections seen so far
    used = set()
    with open(S["MB_POSTFIX_LOG"], encoding="utf-8", errors="replace") as log:
        for line in log:
            m = re.search(r"postfix/smtpd\[(\d+)\]: (?:connect from|([0-9A-F]+): client=)", line)
            if not m:
                continue
            pid = m.group(1)
            if m.group(2) is None:
                connection[pid] = connection.get(pid, 0) + 1
            elif m.group(2) in wanted:
                used.add((pid, connection.get(pid, 0)))
                wanted.discard(m.group(2))
    assert_eq(sorted(wanted), [], "every queue id is in Postfix's log")
    return len(used)


def test_200_messages_through_one_flow_reuse_a_handful_of_connections():
    to = unique("nr-bulk")
    count = 200
    burst = {"id": "burst", "type": "function", "z": Z, "outputs": 1, "x": 200, "y": 100, "wires": [["send"]],
             "func": f"for (let i = 0; i < {count}; i++) node.send({{to: msg.to, seq: i, payload: 'n' + i}}); return null;"}
    rec, path = record("bulk", ["seq", "error_text", "sent_message"])
    states, states_path = record("bulk-status", ["status"])
    watch = {"id": "watch", "type": "status", "z": Z, "scope": ["send"], "x": 100, "y": 300,
             "wires": [["rec-bulk-status"]]}
    deploy(inject("go", ["burst"], {"to": to}), burst, send_node("send", [["rec-bulk"]], message_level="Release"), rec,
           watch, states)
    started = time.monotonic()
    NR.inject("go")
    lines = nrtest.wait_lines(path, count, timeout=240, what="messages sent")
    elapsed = time.monotonic() - started
    assert_eq([x.get("error_text") for x in lines if x.get("error_text")], [], "errors")
    assert_eq([x["seq"] for x in lines], list(range(count)), "the order of the messages through the node")
    delivered(to, count, timeout=120)
    final = f"sent {count}/{count}"
    shown = [x["status"]["text"] for x in nrtest.wait_lines(states_path, 2, what="status updates")]
    deadline = time.monotonic() + 10
    while shown[-1] != final and time.monotonic() < deadline:  # the status node reports after the message
        time.sleep(0.05)
        shown = [x["status"]["text"] for x in nrtest.wait_lines(states_path, 1)]
    assert_eq(shown[0].startswith("sending"), True, f"the first status says the node is sending: {shown[0]}")
    assert_eq(shown[-1], final, "the node's status once all went through")
    connections = postfix_connections(x["sent_message"]["queue_id"] for x in lines)
    print(f"{count} messages in {elapsed:.1f} s over {connections} SMTP connection(s)")
    if not 1 <= connections <= 8:
        raise AssertionError(f"{count} messages used {connections} SMTP connections, expected a handful (1..8)")


def test_redeploy_cancels_a_stalled_send_within_a_second():
    # The server greets, reads EHLO and never answers.
    script = [("send", "220 slow.test ESMTP"), ("expect", r"EHLO \S+"), ("stall",)]
    with ScriptedSmtp(script) as server:
        rec, path = record("stalled", ["error_text"])
        deploy(inject("go", ["send"], {"to": unique("nr-stall")}),
               send_node("send", [["rec-stalled"]], server="127.0.0.1", port=str(server.port), ssl="false",
                         login="", timeout="60", timeout_type="num", retries="0", retries_type="num",
                         credentials={}), rec)
        NR.inject("go")
        deadline = time.monotonic() + 20
        while not server.received and time.monotonic() < deadline:
            time.sleep(0.02)
        assert_eq(len(server.received), 1, "the send reached EHLO and stalls")
        started = time.monotonic()
        log_before = len(NR.log())
        NR.deploy([nrtest.tab(Z)])  # a full redeploy without the node: Node-RED answers once the old nodes stopped
        elapsed = time.monotonic() - started
        # Node-RED's trace names how long the node's close (cancel, wait for the run's end) took.
        stopped = nrtest.wait_log(NR, r"Stopped node mail-send:send \((\d+)ms\)", after=log_before)
        print(f"redeploy: {elapsed:.2f} s, the node stopped in {stopped} ms")
        if int(stopped) >= 1000:
            raise AssertionError(f"the stalled send was cancelled after {stopped} ms, expected within a second")
        assert_eq(os.path.exists(path), False, "a cancelled run sends nothing on")


def test_a_big_attachment_shows_its_progress_in_the_status():
    to = unique("nr-big")
    big = NR.file("big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(6 * 1024 * 1024))
    rec, path = record("big", ["error_text"])
    states, states_path = record("big-status", ["status"])
    watch = {"id": "watch", "type": "status", "z": Z, "scope": ["send"], "x": 100, "y": 300,
             "wires": [["rec-big-status"]]}
    deploy(inject("go", ["send"], {"to": to}), send_node("send", [["rec-big"]], attachments=big), rec, watch, states)
    NR.inject("go")
    assert_eq(nrtest.wait_lines(path, 1, what="the big message")[0].get("error_text"), None, "no error")
    shown = [x["status"]["text"] for x in nrtest.wait_lines(states_path, 3, what="status updates")]
    percents = [int(m.group(1)) for m in (re.fullmatch(r"sending: (\d+)%", t) for t in shown) if m]
    if not percents or percents != sorted(percents):
        raise AssertionError(f"the status shows the progress in rising percentages: {shown}")
    assert_eq(len(delivered(to)), 1, "the big message is delivered")


def test_a_refused_recipient_is_a_warning_in_the_node_red_log():
    script = greeting_and_ehlo(["SIZE 10240000"]) + [
        ("expect", r"MAIL FROM:<robot@example\.org>( SIZE=\d+)?"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<a@example\.org>"), ("send", "250 ok"),
        ("expect", r"RCPT TO:<b@example\.org>"), ("send", "550 5.1.1 no such user"),
        ("expect", "DATA"), ("send", "354 go"), ("data",), ("send", "250 2.0.0 Ok: queued as Q1"),
        ("expect", "QUIT"), ("send", "221 bye")]
    with ScriptedSmtp(script) as server:
        rec, path = record("warned", ["error_text", "sent_message"])
        # A node id of its own: Node-RED keeps the credentials of node "send" from the tests before.
        deploy(inject("go", ["send-plain"], {"to": "a@example.org; b@example.org"}),
               send_node("send-plain", [["rec-warned"]], server="127.0.0.1", port=str(server.port), ssl="false", login="",
                         sender_email="robot@example.org", connection_pool="false", connection_pool_type="bool",
                         credentials={}), rec)
        log_before = len(NR.log())
        NR.inject("go")
        line = nrtest.wait_lines(path, 1, what="the message sent to one of two")[0]
        assert_eq(line.get("error_text"), None, "one accepted recipient is a success (If none accepted)")
        assert_eq([x["address"] for x in line["sent_message"]["rejected"]], ["b@example.org"], "the refused one")
        warning = nrtest.wait_log(NR, r"\[warn\] \[mail-send:send-plain\] (refused recipients:[\s\S]{0,200})",
                                  after=log_before)
        assert_in("b@example.org", warning, "node.warn names the refused recipient")


def test_a_crashed_runtime_fails_the_runs_in_flight_and_the_next_message_gets_a_new_one():
    script = [("send", "220 slow.test ESMTP"), ("expect", r"EHLO \S+"), ("stall",)]
    with ScriptedSmtp(script) as server:
        handled, handled_path = record("crash-handled", ["error", "topic"])
        ok, ok_path = record("crash-ok", ["error_text", "topic", "sent_message"])
        stalled = send_node("stalled", [[], ["rec-crash-handled"]], outputs=2, server="127.0.0.1",
                            port=str(server.port), ssl="false", login="", timeout="60", timeout_type="num",
                            retries="0", retries_type="num", error_level="Handle", credentials={})
        deploy(inject("go-stall", ["stalled"], {"to": unique("nr-crash"), "topic": "stalled"}), stalled, handled,
               inject("go-ok", ["send"], {"to": unique("nr-after-crash"), "topic": "after"}),
               send_node("send", [["rec-crash-ok"]]), ok)
        NR.inject("go-stall")
        deadline = time.monotonic() + 20
        while not server.received and time.monotonic() < deadline:
            time.sleep(0.02)
        pid = int(nrtest.wait_log(NR, r"started \S+ serve \(pid (\d+)\)"))
        os.kill(pid, 9)  # a block that crashes takes only the bridge process down
        h = nrtest.wait_lines(handled_path, 1, what="the run in flight fails")[0]
        assert_eq((h["topic"], h["error"]["kind"], h["error"]["fate"]), ("stalled", "bridge_stopped", "unknown"),
                  "the failed run's message")
        assert_in("signal SIGKILL", h["error"]["message"], "the error says why")
        NR.inject("go-ok")
        line = nrtest.wait_lines(ok_path, 1, what="the next message")[0]
        assert_eq(line.get("error_text"), None, "the next message goes through a new bridge")
        assert_eq(NR.request("GET", "/settings")["version"].startswith("4."), True, "Node-RED still answers")


if __name__ == "__main__":
    with nrtest.NodeRed({"MB_NR_SMTP_PASSWORD": S["MB_SMTP_PASSWORD"], "XDG_CONFIG_HOME": CONFIG}) as nr:
        NR = nr
        tests(globals())
