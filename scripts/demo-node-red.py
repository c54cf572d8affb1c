"""The Node-RED demo (bash scripts/demo.sh --node-red): Node-RED on loopback with node-red-contrib-mailblock
installed from its npm pack, the example flow examples/node-red-flow.json deployed, run once against the local
Postfix and Dovecot that demo.sh started (MB_SERVERS_ENV); shows where the message landed and the editor's address.
On a terminal it keeps Node-RED running until Ctrl-C."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "node-red"))
import nrtest  # noqa: E402
from mbtest import delivered, sent_copies, servers  # noqa: E402

S = servers()
SENT_FOLDER = ".&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-"  # "Отправленные"
env = {"SMTP_HOST": S["MB_HOST"], "SMTP_PORT": S["MB_SMTP_STARTTLS_PORT"], "SMTP_LOGIN": S["MB_SMTP_USER"],
       "SMTP_PASSWORD": S["MB_SMTP_PASSWORD"], "CA_FILE": S["MB_CA_FILE"], "IMAP_PORT": S["MB_IMAP_PORT"]}
with open(os.path.join(nrtest.SOURCE_DIR, "examples", "node-red-flow.json"), encoding="utf-8") as f:
    flow = json.load(f)

with nrtest.NodeRed(env) as nr:
    print(f"== Node-RED {nr.request('GET', '/settings')['version']} at {nr.url}/ (user folder {nr.dir})")
    nr.deploy(flow)
    print("== deployed examples/node-red-flow.json: inject -> Send email -> Save to Sent -> debug")
    nr.inject("report-trigger")
    for address in ("ivan@example.org", "anna@example.org"):
        print(f"== delivered to {address}: {len(delivered(address, 1, timeout=30))} message(s) so far")
    deadline = time.monotonic() + 30
    while not sent_copies(S["MB_SMTP_USER"], SENT_FOLDER, "ivan@example.org") and time.monotonic() < deadline:
        time.sleep(0.1)
    copies = sent_copies(S["MB_SMTP_USER"], SENT_FOLDER, "ivan@example.org")
    print(f"== in the Sent folder \"Отправленные\" of {S['MB_SMTP_USER']}: {len(copies)} message(s) to ivan")
    print(f"\nThe editor: {nr.url}/")
    if sys.stdin.isatty():
        print("Node-RED runs until Ctrl-C.")
        try:
            nr.proc.wait()
        except KeyboardInterrupt:
            pass
    sys.exit(0 if copies else 1)
