"""The help pages come from the block descriptions: the checked-in Markdown under docs/blocks/ equals what
`rpa docs` generates, and each HTML page renders in headless Chromium with its port table."""
import json
import os
import struct
import subprocess
import tempfile
import zlib

from mbtest import RPA, SOURCE_DIR, assert_eq, assert_in, tests

DOCS = os.path.join(SOURCE_DIR, "docs", "blocks")
REGENERATE = "regenerate with: for l in ru en; do ./build/rpa docs --format md --lang $l --out docs/blocks; done"


def generate(lang, fmt, out):
    subprocess.run([RPA, "docs", "--lang", lang, "--format", fmt, "--out", out], check=True, capture_output=True)


def blocks():
    return json.loads(subprocess.run([RPA, "manifest"], check=True, capture_output=True, text=True).stdout)


def test_checked_in_markdown_pages_equal_the_generated_ones():
    with tempfile.TemporaryDirectory() as out:
        for lang in ("ru", "en"):
            generate(lang, "md", out)
        assert_eq(sorted(os.listdir(DOCS)), sorted(os.listdir(out)), "the same pages; " + REGENERATE)
        for name in os.listdir(out):
            with open(os.path.join(out, name), "rb") as a, open(os.path.join(DOCS, name), "rb") as b:
                assert a.read() == b.read(), f"docs/blocks/{name} is out of date; {REGENERATE}"


def png_pixels(path):
    """(width, height, raw scanlines) of a PNG, read with the standard library only."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "a PNG file"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def chromium(*args):
    return subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                          capture_output=True, text=True, timeout=120)


def test_html_pages_render_with_their_port_tables():
    manifest = blocks()
    descriptors = {b["id"]: b for p in manifest["plugins"] for b in p["blocks"]}
    with tempfile.TemporaryDirectory() as out:
        for lang in ("ru", "en"):
            generate(lang, "html", out)
            for block_id, d in descriptors.items():
                page = os.path.join(out, f"{block_id}.{lang}.html")
                dom = chromium("--dump-dom", "file://" + page).stdout
                assert_in('<table class="ports">', dom, "the port table is in the rendered page")
                for port in d["inputs"] + d["outputs"]:
                    assert_in(f'{port["title"][lang]} ({port["id"]})', dom, "every port has a row")
                png = os.path.join(out, f"{block_id}.{lang}.png")
                chromium("--window-size=1100,1400", f"--screenshot={png}", "file://" + page)
                width, height, raw = png_pixels(png)
                assert_eq((width, height), (1100, 1400), "screenshot size")
                # A blank page is one colour; a rendered table has text and borders: many distinct byte values.
                assert len(set(raw[::7])) > 50, f"{png} looks blank"


tests(globals())
