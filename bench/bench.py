"""Runs the measurements of bench/run.sh and prints one Markdown table. Only loopback; every loop is bounded."""
import json
import os
import platform
import resource
import shlex
import smtplib
import socket
import statistics
import subprocess
import sys
import time

WORK = sys.argv[1]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
RPA = os.path.join(ROOT, "build-release", "rpa")
QUICK = os.environ.get("BENCH_QUICK") == "1"
N = 200 if QUICK else 1000
N_SLOW = 50 if QUICK else 200  # one curl process / one TLS handshake per message: fewer, rate scaled
ENV = dict(l.strip().split("=", 1) for l in open(os.path.join(WORK, "servers", "env")) if "=" in l)
ENV = {k: shlex.split(v)[0] if v else "" for k, v in ENV.items()}
BODY = ("Это письмо рассылки, строка текста для объёма. " * 24)[:1024]
rows = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink():
    port = free_port()
    sink = subprocess.Popen(["smtp-sink", "-u", "postfix", f"127.0.0.1:{port}", "1000"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return sink, port
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("smtp-sink did not start")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def diagram(name, inputs):
    base = {"server": "127.0.0.1", "sender_email": "robot@mailblock.test", "recipient": {"$var": "to"},
            "subject": "Рассылка", "body": BODY, "timeout": 30}
    base.update(inputs)
    return write(os.path.join(WORK, name), json.dumps({"start": {"next": "send"}, "variables": {"to": ""},
                                                       "blocks": {"send": {"type": "mail.send", "inputs": base}}},
                                                      ensure_ascii=False))


def csv(n):
    return write(os.path.join(WORK, f"rows{n}.csv"), "to\n" + "".join(f"user{i}@example.org\n" for i in range(n)))


def timed(args, env=None):
    started = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {proc.stderr[-2000:]}")
    return time.monotonic() - started


def rate_row(group, what, count, seconds, ref=None):
    rate = count / seconds
    rows.append((group, what, f"{count} in {seconds:.2f} s", f"{rate:,.0f}/s", f"{rate / ref:.2f}x" if ref else ""))
    return rate


def plain_1k(port):
    msg = os.path.join(WORK, "1k.eml")
    write(msg, f"From: robot@mailblock.test\r\nTo: user@example.org\r\nSubject: x\r\n\r\n{BODY}\r\n")
    source = rate_row("1 KB, plain", "smtp-source, one connection (upper bound)", N,
                      timed(["smtp-source", "-s", "1", "-m", str(N), "-l", "1024", "-f", "robot@mailblock.test",
                             "-t", "user@example.org", f"127.0.0.1:{port}"]))
    d = diagram("plain.json", {"port": port, "connection_pool": {"$var": "pool"}})
    rows_file = csv(N)
    pooled = rate_row("1 KB, plain", "mailblock `rpa run --each`, pooled", N,
                      timed([RPA, "run", d, "--each", rows_file, "--var", "pool=true"]), source)
    rate_row("1 KB, plain", "mailblock `rpa run --each`, pooling off", N,
             timed([RPA, "run", d, "--each", rows_file, "--var", "pool=false"]), source)
    started = time.monotonic()
    with smtplib.SMTP("127.0.0.1", port) as s:
        for i in range(N):
            s.sendmail("robot@mailblock.test", [f"user{i}@example.org"], BODY.encode())
    rate_row("1 KB, plain", "Python smtplib, one connection", N, time.monotonic() - started, source)
    started = time.monotonic()
    for i in range(N_SLOW):
        subprocess.run(["curl", "-s", f"smtp://127.0.0.1:{port}", "--mail-from", "robot@mailblock.test",
                        "--mail-rcpt", f"user{i}@example.org", "-T", msg], check=True)
    curl = rate_row("1 KB, plain", "one `curl` process per message", N_SLOW, time.monotonic() - started, source)
    rows.append(("1 KB, plain", "pooled vs one curl per message", "", "", f"{pooled / curl:.0f}x"))


def tls_auth():
    d = diagram("tls.json", {"port": ENV["MB_SMTP_STARTTLS_PORT"], "security": "STARTTLS", "ca_file": ENV["MB_CA_FILE"],
                             "login": ENV["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"},
                             "sender_email": ENV["MB_SMTP_USER"], "connection_pool": {"$var": "pool"}})
    env = {"SMTP_PASSWORD": ENV["MB_SMTP_PASSWORD"]}
    pooled = rate_row("1 KB, STARTTLS + AUTH (Postfix)", "mailblock, pooled", N,
                      timed([RPA, "run", d, "--each", csv(N), "--var", "pool=true"], env))
    unpooled = rate_row("1 KB, STARTTLS + AUTH (Postfix)", "mailblock, pooling off", N_SLOW,
                        timed([RPA, "run", d, "--each", csv(N_SLOW), "--var", "pool=false"], env))
    rows.append(("1 KB, STARTTLS + AUTH (Postfix)", "pooled vs pooling off", "", "", f"{pooled / unpooled:.1f}x"))


def peak_rss(args, env=None):
    """(seconds, peak RSS in MB) of a command, from GNU time."""
    out = os.path.join(WORK, "time.txt")
    started = time.monotonic()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out, *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {proc.stderr[-2000:]}")
    return seconds, int(open(out).read().split()[-1]) / 1024


def start_fast_sink():
    port = free_port()
    sink = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "bench", "fast_sink.py"), str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sink.stdout.readline()  # "ready"
    return sink, port


def big(port, megabytes):
    path = os.path.join(WORK, f"{megabytes}M.bin")
    with open(path, "wb") as f:
        for _ in range(megabytes):
            f.write(os.urandom(1 << 20))
    group = f"one message, {megabytes} MB attachment"
    d = diagram(f"big{megabytes}.json", {"port": port, "recipient": "user@example.org", "attachments": path,
                                        "timeout": 600})
    secs, rss = peak_rss([RPA, "run", d])
    rows.append((group, "mailblock `rpa run` to smtp-sink", f"{secs:.2f} s, peak RSS {rss:.0f} MB",
                 f"{megabytes / secs:,.0f} MB/s", ""))
    # smtp-sink reads line by line and caps every client (curl below too); this sink reads 1 MB at a time.
    fast, fast_port = start_fast_sink()
    try:
        d_fast = diagram(f"big{megabytes}f.json", {"port": fast_port, "recipient": "user@example.org",
                                                   "attachments": path, "timeout": 600})
        secs, rss = peak_rss([RPA, "run", d_fast])
        received = int(fast.stdout.readline())
        if received < megabytes * (1 << 20) * 4 // 3:
            raise RuntimeError(f"the fast sink received only {received} bytes of a {megabytes} MB attachment")
    finally:
        fast.kill()
    ours = megabytes / secs
    rows.append((group, "mailblock `rpa run` to a sink reading 1 MB chunks", f"{secs:.2f} s, peak RSS {rss:.0f} MB",
                 f"{ours:,.0f} MB/s", ""))
    secs_b64 = timed(["sh", "-c", f"base64 {path} > /dev/null"])
    rows.append((group, "coreutils `base64` (encoding alone)", f"{secs_b64:.2f} s", f"{megabytes / secs_b64:,.0f} MB/s",
                 f"ours {ours / (megabytes / secs_b64):.2f}x"))
    eml = os.path.join(WORK, f"{megabytes}.eml")
    subprocess.run(["sh", "-c", f"(printf 'From: a@example.org\\nTo: user@example.org\\nSubject: big\\nMIME-Version: 1.0\\n"
                                f"Content-Type: application/octet-stream\\nContent-Transfer-Encoding: base64\\n\\n'; "
                                f"base64 -w 76 {path}) > {eml}"], check=True)
    secs_curl, rss_curl = peak_rss(["curl", "-s", "--crlf", f"smtp://127.0.0.1:{port}", "--mail-from", "a@example.org",
                                    "--mail-rcpt", "user@example.org", "-T", eml])
    rows.append((group, "`curl` sending the same .eml (already encoded)", f"{secs_curl:.2f} s, peak RSS {rss_curl:.0f} MB",
                 f"{megabytes / secs_curl:,.0f} MB/s", ""))
    os.unlink(path)
    os.unlink(eml)


def latency(port):
    d = diagram("one.json", {"port": port, "recipient": "user@example.org"})
    load = [timed([RPA, "blocks"]) for _ in range(10)]
    first = [timed([RPA, "run", d]) for _ in range(10)]
    rows.append(("latency (median of 10 processes)", "start rpa + load the plugin (`rpa blocks`)", "",
                 f"{statistics.median(load) * 1000:.1f} ms", ""))
    rows.append(("latency (median of 10 processes)", "start + load + first Send email run", "",
                 f"{statistics.median(first) * 1000:.1f} ms", ""))


sink, port = start_sink()
try:
    plain_1k(port)
    tls_auth()
    big(port, 100)
    if not QUICK:
        big(port, 1024)
    latency(port)
finally:
    sink.kill()

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Machine: {platform.node()}, {os.cpu_count()} cores ({cpu}), {platform.platform()}; "
      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}{', QUICK' if QUICK else ''}\n")
print("| case | what | work | rate | ratio |")
print("|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
