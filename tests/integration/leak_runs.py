"""Running rpa the way the secrets tests do (message level Detailed on every block, the file log on, --json, a
fresh TMPDIR and HOME) and collecting everything the run produced, by where it was found, after checking that
none of it leaks a secret (leak_search.py). With spies (test.spy in tests/fixtures/probe_plugin.cpp), a third party's block is
linked to every output of every block, and what each could read there (secrets in their wire form, unmasked) is
searched too: p.linked["send.sent_message"] is what a block linked to that output got."""
import functools
import json
import os
import subprocess
import tempfile

from leak_search import assert_no_leak
from mbtest import RPA, Run

class Produced:
    """A run and every text it produced, by where it was found."""

    def __init__(self, run, texts):
        self.run, self.texts = run, texts

    def __repr__(self):
        return repr(self.run)


def json_strings(value):
    if isinstance(value, dict):
        value = [x for item in value.items() for x in item]
    if isinstance(value, list):
        return [s for v in value for s in json_strings(v)]
    return [] if value is None else [str(value)]


SPY_PLUGIN = os.path.join(os.path.dirname(RPA), "tests", "fixtures", "libprobe_plugin.so")


@functools.lru_cache(maxsize=None)
def block_outputs():
    """{block type: [output port ids]} of the loaded plugins, from `rpa manifest`."""
    manifest = json.loads(subprocess.run([RPA, "manifest"], capture_output=True, text=True, check=True).stdout)
    return {b["id"]: [o["id"] for o in b["outputs"]] for p in manifest["plugins"] for b in p["blocks"]}


def add_spies(diagram):
    """Links a spy to every output of every block, the spies running after the diagram's last block; returns
    {spy block id: "block.port" it reads}."""
    last = diagram["start"]["next"]
    while diagram["blocks"][last].get("next"):
        last = diagram["blocks"][last]["next"]
    spies = {}
    for block_id, block in list(diagram["blocks"].items()):
        for port in block_outputs()[block["type"]]:
            spy = f"spy{len(spies) + 1}"
            spies[spy] = f"{block_id}.{port}"
            diagram["blocks"][spy] = {"type": "test.spy", "inputs": {"value": {"$link": f"{block_id}.{port}"}}}
            diagram["blocks"][last]["next"] = last = spy
    return spies


def spied(result, spies):
    """{"block.port": what its spy read (wire-form JSON)} from a --json result (a list for --each)."""
    out = {}
    for r in result if isinstance(result, list) else [result]:
        for b in r["blocks"]:
            if b["id"] in spies:
                out[spies[b["id"]]] = bytes.fromhex(b["outputs"]["seen"]).decode("utf-8")
    return out


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def execute(args, env, secrets, work, cwd=None, store=None, spies=None):
    """Runs rpa with TMPDIR and HOME fresh folders in `work`; checks that nothing it produced leaks any of
    `secrets` (first, so that a leak is reported as such whatever else went wrong); returns a Produced. `store`:
    an OAuth2 credential store written first; it is where its secrets belong, so it alone is not searched.
    `spies`: {spy block id: "block.port"} (add_spies)."""
    tmpdir, home = os.path.join(work, "tmp"), os.path.join(work, "home")
    os.makedirs(tmpdir)
    os.makedirs(home)
    xdg = {f"XDG_{k}_HOME": os.path.join(home, d) for k, d in
           (("CONFIG", ".config"), ("CACHE", ".cache"), ("STATE", ".local/state"), ("DATA", ".local/share"))}
    store_path = os.path.join(xdg["XDG_CONFIG_HOME"], "mailblock", "credentials.json")
    if store:
        os.makedirs(os.path.dirname(store_path), mode=0o700)
        with os.fdopen(os.open(store_path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            json.dump(store, f)
    proc = subprocess.run([RPA, *args], capture_output=True, text=True, cwd=cwd or work, timeout=240,
                          env={**os.environ, **xdg, **env, "TMPDIR": tmpdir, "HOME": home})
    result = json.loads(proc.stdout) if proc.stdout.strip()[:1] in ("{", "[") else None
    log = os.path.join(work, "send.log")
    texts = {"stdout": proc.stdout, "stderr": proc.stderr,
             "the JSON's strings": "\n".join(json_strings(result)) if result else "",
             "the file log": read_text(log) if os.path.exists(log) else ""}
    for top in (tmpdir, home):
        for folder, _, files in os.walk(top):  # os.walk, not glob: glob skips .config and the like
            for left in (os.path.join(folder, f) for f in files if os.path.join(folder, f) != store_path):
                texts[f"file left in {os.path.relpath(left, work)}"] = read_text(left)
    linked = spied(result, spies) if result and spies else {}
    texts.update({f"what a block linked to {where} reads": text for where, text in linked.items()})
    produced = Produced(Run(proc, result), texts)
    produced.linked = linked
    assert_no_leak(texts, secrets, repr(produced))
    if result is None:
        raise AssertionError(f"no --json result: {produced!r}")
    return produced


def run(diagram, env, secrets, variables=None, cwd=None, rows=None, store=None, spy=False):
    """`rpa run DIAGRAM --json` with every block at message level Detailed and every Send email block writing the
    file log (Full). `rows`: variable dicts, run as a mailing (--each). `spy`: spies on every output."""
    with tempfile.TemporaryDirectory(prefix="mb-leak-") as work:
        diagram = json.loads(json.dumps(diagram))
        diagram["start"]["message_level"] = "Detailed"
        for block in diagram["blocks"].values():
            block["inputs"]["message_level"] = "Detailed"
            if block["type"] == "mail.send":
                block["inputs"].update(log_file=os.path.join(work, "send.log"), log_mode="Full")
        spies = add_spies(diagram) if spy else None
        path = os.path.join(work, "diagram.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(diagram, f, ensure_ascii=False)
        args = ["run", path, "--json"] + (["--plugin", SPY_PLUGIN] if spy else [])
        for name, value in (variables or {}).items():
            args += ["--var", f"{name}={value}"]
        if rows:
            with open(os.path.join(work, "rows.csv"), "w", encoding="utf-8") as f:
                f.write(",".join(rows[0]) + "\n" + "".join(",".join(r.values()) + "\n" for r in rows))
            args += ["--each", os.path.join(work, "rows.csv")]
        return execute(args, env, secrets, work, cwd, store, spies)
