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
# Messages per run of the rows that compare clients: 2,000, the count of issue 18's own measurement (each run is a
# whole process, so its start is spread over them as in a real mailing).
N = 200 if QUICK else 2000
N_SLOW = 50 if QUICK else 200  # one curl process / one connection per message: fewer, rate scaled
N_HANDSHAKES = 20 if QUICK else 50  # one TLS handshake and AUTH per message
ENV = dict(l.strip().split("=", 1) for l in open(os.path.join(WORK, "servers", "env")) if "=" in l)
ENV = {k: shlex.split(v)[0] if v else "" for k, v in ENV.items()}
# 1 KB of ASCII text in 16 lines of 62 characters (64 with CRLF): every client sends it as it is (7bit).
BODY = "\r\n".join(("This is a mailing, a line of text for volume. " * 2)[:62] for _ in range(16))
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
            "subject": "Mailing", "body": BODY, "timeout": 30}
    base.update(inputs)
    return write(os.path.join(WORK, name), json.dumps({"start": {"next": "send"}, "variables": {"to": ""},
                                                       "blocks": {"send": {"type": "mail.send", "inputs": base}}},
                                                      ensure_ascii=False))


def csv(n):
    return write(os.path.join(WORK, f"rows{n}.csv"), "to\n" + "".join(f"user{i}@example.org\n" for i in range(n)))


def timed(args, env=None):
    """(wall seconds, user+system CPU seconds) of one whole process."""
    started = time.monotonic()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    err = proc.stderr.read()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{args[0]} failed: {err[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def median_of_3(args, env=None):
    """The run with the median wall time of three, as (seconds, CPU seconds)."""
    runs = sorted(timed(args, env) for _ in range(3))
    return runs[1]


def interleaved(commands, rounds=5):
    """Each (args, env) run once a round, in turn, so that a busy spell of the shared machine hits every client
    alike; for each, the run with the median wall time, as (seconds, CPU seconds)."""
    runs = [[] for _ in commands]
    for _ in range(rounds):
        for i, (args, env) in enumerate(commands):
            runs[i].append(timed(args, env))
    return [sorted(r)[len(r) // 2] for r in runs]


def rate_row(group, what, count, measured, ref=None):
    seconds, cpu = measured
    rate = count / seconds
    rows.append((group, what, f"{count} in {seconds:.2f} s", f"{rate:,.0f}/s", f"{cpu / count * 1e6:,.0f} µs",
                 f"{rate / ref:.2f}x" if ref else ""))
    return rate


# The same 1 KB message for every client: ASCII headers and a 1 KB ASCII body (no transfer encoding).
SMTPLIB = r"""
import smtplib, sys
host, port, n, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
body = sys.argv[5]
with smtplib.SMTP(host, port, timeout=30) as s:
    if mode == "tls":
        import ssl
        s.starttls(context=ssl.create_default_context(cafile=sys.argv[6]))
        s.login(sys.argv[7], sys.argv[8])
    sender = sys.argv[7] if mode == "tls" else "robot@mailblock.test"
    for i in range(n):
        msg = (f"From: {sender}\r\nTo: user{i}@example.org\r\nSubject: Mailing\r\n"
               f"Message-ID: <{i}.bench@mailblock.test>\r\nMIME-Version: 1.0\r\n"
               f"Content-Type: text/plain; charset=us-ascii\r\n\r\n{body}\r\n")
        s.sendmail(sender, [f"user{i}@example.org"], msg)
"""


def smtplib_args(port, n, mode="plain", host="127.0.0.1"):
    args = ["/usr/bin/python3", "-c", SMTPLIB, host, str(port), str(n), mode, BODY]
    if mode == "tls":
        args += [ENV["MB_CA_FILE"], ENV["MB_SMTP_USER"], ENV["MB_SMTP_PASSWORD"]]
    return args


def rpa_each(d, rows_file, pool):
    # The journal (fsync per row) is measured apart: here it goes to a fresh file each run, written but not synced.
    journal = os.path.join(WORK, "journal.txt")
    return ["sh", "-c", f'rm -f "{journal}"; exec "$@"', "rpa", RPA, "run", d, "--each", rows_file,
            "--var", f"pool={pool}", "--journal", journal, "--journal-sync", "os"]


def plain_1k(port):
    group = "1 KB, plain"
    msg = os.path.join(WORK, "1k.eml")
    write(msg, f"From: robot@mailblock.test\r\nTo: user@example.org\r\nSubject: x\r\n\r\n{BODY}\r\n")
    # -d: one connection for all messages (without it every message opens its own), -s 1: one session at a time,
    # -m: the message count, -l: 1024 bytes of payload after smtp-source's own headers.
    d = diagram("plain.json", {"port": port, "connection_pool": {"$var": "pool"}})
    rows_file = csv(N)
    source_args = ["smtp-source", "-d", "-s", "1", "-m", str(N), "-l", "1024", "-f", "robot@mailblock.test",
                   "-t", "user@example.org", f"127.0.0.1:{port}"]
    m_source, m_pooled, m_lib = interleaved([(source_args, None), (rpa_each(d, rows_file, "true"), None),
                                             (smtplib_args(port, N), None)])
    source = rate_row(group, "`smtp-source -d -s 1 -m N -l 1024`, one connection (reference)", N, m_source)
    pooled = rate_row(group, "mailblock `rpa run --each`, pooled (journal, `--journal-sync os`)", N, m_pooled, source)
    rate_row(group, "mailblock `rpa run --each`, pooling off", N_SLOW,
             median_of_3(rpa_each(d, csv(N_SLOW), "false")), source)
    lib = rate_row(group, "Python smtplib, one connection", N, m_lib, source)
    curl_loop = f'for i in $(seq {N_SLOW}); do curl -s smtp://127.0.0.1:{port} --mail-from robot@mailblock.test ' \
                f'--mail-rcpt user$i@example.org -T {msg} || exit 1; done'
    curl = rate_row(group, "one `curl` process per message", N_SLOW, median_of_3(["sh", "-c", curl_loop]), source)
    rows.append((group, "mailblock pooled vs smtplib", "", "", "", f"{pooled / lib:.2f}x"))
    rows.append((group, "mailblock pooled vs one curl per message", "", "", "", f"{pooled / curl:.0f}x"))


def journal_cost(port):
    group = "1 KB, plain: the journal"
    d = diagram("plain.json", {"port": port, "connection_pool": True})
    rows_file = csv(N_SLOW)
    journal = os.path.join(ROOT, "build-release", "bench-journal.txt")  # on the disk, not in a tmpfs
    for sync, what in (("row", "journal synced every row (default)"), ("os", "`--journal-sync os`")):
        rate_row(group, f"mailblock pooled, {what}", N_SLOW,
                 median_of_3(["sh", "-c", f'rm -f "{journal}"; exec "$@"', "rpa", RPA, "run", d, "--each", rows_file,
                              "--journal", journal, "--journal-sync", sync]))
    os.unlink(journal)


def tls_auth():
    group = "1 KB, STARTTLS + AUTH (Postfix)"
    tls = {"port": ENV["MB_SMTP_STARTTLS_PORT"], "security": "STARTTLS", "ca_file": ENV["MB_CA_FILE"],
           "login": ENV["MB_SMTP_USER"], "password": {"$env": "SMTP_PASSWORD"}, "sender_email": ENV["MB_SMTP_USER"],
           "connection_pool": {"$var": "pool"}}
    d = diagram("tls.json", tls)
    # Like smtplib: every message over one connection (the block's default is a new one every 100 messages).
    d_one = diagram("tls-one.json", {**tls, "messages_per_connection": N})
    env = {"SMTP_PASSWORD": ENV["MB_SMTP_PASSWORD"]}
    rows_file = csv(N)
    m_lib, m_one, m_pooled = interleaved([(smtplib_args(ENV["MB_SMTP_STARTTLS_PORT"], N, "tls"), None),
                                          (rpa_each(d_one, rows_file, "true"), env),
                                          (rpa_each(d, rows_file, "true"), env)], rounds=3)
    lib = rate_row(group, "Python smtplib, one connection", N, m_lib)
    rate_row(group, "mailblock, pooled, one connection (`messages_per_connection` = N)", N, m_one, lib)
    pooled = rate_row(group, "mailblock, pooled (default: a new connection every 100 messages)", N, m_pooled, lib)
    unpooled = rate_row(group, "mailblock, pooling off", N_HANDSHAKES,
                        median_of_3(rpa_each(d, csv(N_HANDSHAKES), "false"), env), lib)
    rows.append((group, "mailblock pooled vs pooling off", "", "", "", f"{pooled / unpooled:.1f}x"))


def memory_rows(port):
    count = 20000 if QUICK else 100000
    d = diagram("plain.json", {"port": port, "connection_pool": True})
    rows_file = csv(count)
    journal = os.path.join(WORK, "journal-rss.txt")
    secs, rss = peak_rss([RPA, "run", d, "--each", rows_file, "--journal", journal, "--journal-sync", "os"])
    rows.append((f"{count:,} rows, plain 1 KB", "mailblock `rpa run --each`: peak RSS", f"{secs:.1f} s, peak RSS {rss:.0f} MB",
                 f"{count / secs:,.0f}/s", "", ""))


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
                 f"{megabytes / secs:,.0f} MB/s", "", ""))
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
                 f"{ours:,.0f} MB/s", "", ""))
    secs_b64, _ = timed(["sh", "-c", f"base64 {path} > /dev/null"])
    rows.append((group, "coreutils `base64` (encoding alone)", f"{secs_b64:.2f} s", f"{megabytes / secs_b64:,.0f} MB/s", "",
                 f"ours {ours / (megabytes / secs_b64):.2f}x"))
    eml = os.path.join(WORK, f"{megabytes}.eml")
    subprocess.run(["sh", "-c", f"(printf 'From: a@example.org\\nTo: user@example.org\\nSubject: big\\nMIME-Version: 1.0\\n"
                                f"Content-Type: application/octet-stream\\nContent-Transfer-Encoding: base64\\n\\n'; "
                                f"base64 -w 76 {path}) > {eml}"], check=True)
    secs_curl, rss_curl = peak_rss(["curl", "-s", "--crlf", f"smtp://127.0.0.1:{port}", "--mail-from", "a@example.org",
                                    "--mail-rcpt", "user@example.org", "-T", eml])
    rows.append((group, "`curl` sending the same .eml (already encoded)", f"{secs_curl:.2f} s, peak RSS {rss_curl:.0f} MB",
                 f"{megabytes / secs_curl:,.0f} MB/s", "", ""))
    os.unlink(path)
    os.unlink(eml)


def latency(port):
    d = diagram("one.json", {"port": port, "recipient": "user@example.org"})
    load = [timed([RPA, "blocks"])[0] for _ in range(10)]
    first = [timed([RPA, "run", d])[0] for _ in range(10)]
    rows.append(("latency (median of 10 processes)", "start rpa + load the plugin (`rpa blocks`)", "",
                 f"{statistics.median(load) * 1000:.1f} ms", "", ""))
    rows.append(("latency (median of 10 processes)", "start + load + first Send email run", "",
                 f"{statistics.median(first) * 1000:.1f} ms", "", ""))


sink, port = start_sink()
try:
    plain_1k(port)
    journal_cost(port)
    tls_auth()
    memory_rows(port)
    big(port, 100)
    if not QUICK:
        big(port, 1024)
    latency(port)
finally:
    sink.kill()

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print(f"Machine: {platform.node()}, {os.cpu_count()} cores ({cpu}), {platform.platform()}; "
      f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}{', QUICK' if QUICK else ''}\n")
print("| case | what | work | rate | CPU per message | ratio |")
print("|---|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
