"""Inline images: one given by Content-ID («Встроенные изображения»), one by a local path in the HTML. The
delivered message is parsed strictly (policy.default), its HTML part is rendered with its related images in
headless Chromium (Debian's package), and the screenshot must show both images' colours (a broken image icon has
neither). An unused image gives a warning and is left out; the text part shows the alt text."""
import os
import struct
import subprocess
import zlib

from mbtest import assert_eq, assert_in, delivered, parse, run_diagram, send_diagram, servers, tests, unique
import mbtest

S = servers()
TMP = mbtest.temp_folder("mb-inline-")
CHROMIUM = "/usr/bin/chromium"
RED, BLUE = (220, 20, 30), (20, 40, 210)


def png(path, w, h, rgb):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + bytes(rgb) * w for _ in range(h))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def pixels(path):
    """The RGB pixels of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    with open(path, "rb") as f:
        data = f.read()
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6), f"PNG type {ctype}/{depth}"
    bpp = 3 if ctype == 2 else 4
    raw, stride, prev, out = zlib.decompress(idat), w * bpp, bytearray(w * bpp), set()
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.update(bytes(line[x:x + 3]) for x in range(0, stride, bpp))
        prev = line
    return out


def render(msg):
    """Writes the HTML part and its related images to a folder, cid: pointing at the files, and screenshots it."""
    html_part = msg.get_body(("html",))
    html = html_part.get_content()
    folder = mbtest.temp_folder("case-", TMP)
    for part in msg.walk():
        cid = part.get("Content-ID")
        if cid:
            name = f"part{abs(hash(cid))}.png"
            with open(os.path.join(folder, name), "wb") as f:
                f.write(part.get_payload(decode=True))
            html = html.replace("cid:" + cid.strip("<>"), name)
    page = os.path.join(folder, "page.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html)
    shot = os.path.join(folder, "shot.png")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={folder}/profile", "--window-size=600,400", f"--screenshot={shot}",
                    "file://" + page], check=True, capture_output=True, timeout=120)
    return shot


def test_inline_images_render_in_chromium_and_alt_text_reads_in_the_text_part():
    logo, chart, unused = (os.path.join(TMP, n) for n in ("logo.png", "chart.png", "unused.png"))
    png(logo, 120, 60, RED)
    png(chart, 160, 80, BLUE)
    png(unused, 10, 10, (0, 0, 0))
    to = unique("inline")
    body = (f'<html><body style="margin:0;background:#fff"><p>Логотип:</p><img src="cid:logo" alt="Логотип">'
            f'<p>График:</p><img src="file://{chart}" alt="График продаж"></body></html>')
    diagram = send_diagram({"server": S["MB_HOST"], "port": S["MB_SMTP_PLAIN_PORT"], "sender_email": "robot@mailblock.test",
                            "recipient": to, "subject": "Картинки", "body": body, "html": True,
                            "inline_images": {"logo": logo, "spare": unused}})
    diagram["start"]["message_level"] = "Debug"
    diagram["start"]["language"] = "en"
    r = run_diagram(diagram)
    assert_eq(r.code, 0, repr(r))
    assert_in('inline image "spare" is not used in the HTML', r.stderr, "the unused image warns")
    msg = parse(delivered(to)[0])
    for part in msg.walk():
        assert_eq([type(d).__name__ for d in part.defects], [], f"defects in {part.get_content_type()}")
    related = [p for p in msg.walk() if p.get_content_type() == "multipart/related"]
    assert_eq(len(related), 1, "one multipart/related")
    assert_eq(sorted(p.get_content_type() for p in related[0].iter_parts()), ["image/png", "image/png", "text/html"],
              "the HTML and its two images; the unused one left out")
    cids = sorted(p["Content-ID"] for p in related[0].iter_parts() if p["Content-ID"])
    message_id = r.block("send")["outputs"]["sent_message"]["message_id"]
    assert_eq(cids, sorted(["<logo>", f"<img1.{message_id}>"]), "a local file's Content-ID is unique to the message")
    text = msg.get_body(("plain",)).get_content()
    assert_in("[Логотип]", text, "alt text")
    assert_in("[График продаж]", text, "alt text")
    seen = pixels(render(msg))
    assert_in(bytes(RED), seen, "the logo is drawn")
    assert_in(bytes(BLUE), seen, "the chart is drawn")


if __name__ == "__main__":
    tests(globals())
