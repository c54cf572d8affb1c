"""The Node-RED editor in a real browser: Debian's headless Chromium, driven by playwright-core
(editor_browser.js), opens the editor of a real Node-RED in Russian and in English, finds every mailblock node in
the palette, drags Send email onto the workspace and opens its dialog. What it saw is checked against the block
descriptions: palette labels and category, one field per input port in descriptor order under its group's title,
the field kinds, the red triangle for the empty required ports, the help page. Screenshots go to
MB_NODE_RED_SHOTS (ctest: build/tests/node-red/screenshots)."""
import json
import os
import subprocess
import tempfile

import nrtest
from mbtest import assert_eq, assert_in, tests

with open(os.path.join(nrtest.PACKAGE_DIR, "nodes", "blocks.json"), encoding="utf-8") as f:
    BLOCKS = {b["id"]: b for p in json.load(f)["plugins"] for b in p["blocks"]}
SEND = BLOCKS["mail.send"]
SHOTS = os.environ.get("MB_NODE_RED_SHOTS") or tempfile.mkdtemp(prefix="mailblock-node-red-shots-")
os.makedirs(SHOTS, exist_ok=True)
SEEN = {}


def seen(lang):
    if lang not in SEEN:
        out = subprocess.run(["node", os.path.join(os.path.dirname(__file__), "editor_browser.js"), NR.url, lang, SHOTS],
                             capture_output=True, text=True, timeout=180)
        if out.returncode != 0:
            raise AssertionError(f"the browser run failed:\n{out.stderr}\n{NR.log()[-3000:]}")
        SEEN[lang] = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"screenshots: {SHOTS}/palette-{lang}.png, {SHOTS}/dialog-{lang}.png")
    return SEEN[lang]


def words(s):
    return " ".join(s.split())


def expected_groups(block, lang):
    out = []
    for g in block["groups"]:
        ports = [p for p in block["inputs"] if p.get("group") == g["id"]]
        out.append((g["id"], g["title"][lang], [p["id"] for p in ports]))
    return out


def kind(port):
    if port.get("shared"):
        return "shared"  # a picker of the config nodes of its kind (a named connection)
    if port.get("secret"):
        return "credential"
    return "select" if port["types"] == ["Enum"] else "typed"


def check_editor(lang):
    s = seen(lang)
    assert_eq(s["problems"], [], "errors in the editor page")
    for block in BLOCKS.values():
        entry = s["palette"][block["id"].replace(".", "-")]
        assert_eq(words(entry["label"]), block["title"][lang], f"palette label of {block['id']}")
        assert_in(block["category"][lang], entry["category"], "the palette category")
    dialog = s["dialog"]["groups"]
    got = [(g["id"], g["title"], [p["id"] for p in g["ports"]]) for g in dialog]
    assert_eq(got, expected_groups(SEND, lang), "groups and ports of the Send email dialog, in order")
    ports = {p["id"]: p for p in SEND["inputs"]}
    for g in dialog:
        for row in g["ports"]:
            port = ports[row["id"]]
            assert_eq(words(row["label"]).rstrip(" *"), port["title"][lang], f"label of {row['id']}")
            assert_eq(row["label"].endswith("*"), bool(port.get("required")), f"required mark of {row['id']}")
            assert_in(port["description"][lang], row["tip"], f"help text of {row['id']}")
            assert_eq(row["kind"], kind(port), f"field kind of {row['id']}")
            assert_eq((row["password"], row["select"], row["typed"]),
                      (kind(port) == "credential", kind(port) in ("select", "shared"), kind(port) == "typed"),
                      f"the control of {row['id']}")
            assert_eq(row["visible"], True, f"{row['id']} is shown")
    assert_eq(s["invalid"]["valid"], False, "a fresh Send email node has the red triangle")
    assert_eq(s["invalid"]["outputs"], 2, "error level Handle adds the error output")
    assert_eq(s["invalid"]["settingsLanguage"], lang, "a new settings node speaks the editor's language")
    required = [p for p in SEND["inputs"] if p.get("required")]
    assert_eq(len(s["invalid"]["errors"]), len(required), "one reason per empty required port")
    for port, reason in zip(required, s["invalid"]["errors"]):
        assert_in(f"{port['title'][lang]} ({port['id']})", reason, "the reason names the port")
    assert_in(SEND["description"][lang], s["help"], "the help sidebar page")
    for name in ("palette", "dialog"):
        assert_eq(os.path.getsize(os.path.join(SHOTS, f"{name}-{lang}.png")) > 10000, True, f"{name} screenshot")


def test_english_editor():
    check_editor("en")


def test_russian_editor():
    check_editor("ru")
    assert_eq(words(SEEN["ru"]["palette"]["mail-send"]["label"]), "Отправить письмо", "the Russian palette label")


if __name__ == "__main__":
    with nrtest.NodeRed() as nr:
        NR = nr
        tests(globals())
