"""The reference host's commands: blocks, describe, manifest, exit codes and masking of secrets."""
import json
import os
import subprocess

from mbtest import RPA, SOURCE_DIR, assert_eq, assert_in, assert_not_in, run_diagram, send_diagram, tests


def rpa(*args, env=None):
    return subprocess.run([RPA, *args], capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_blocks_and_describe():
    out = rpa("blocks").stdout
    assert_in("mail.send\tОтправить письмо", out, "blocks")
    ru = rpa("describe", "mail.send").stdout
    for title in ["Сервер", "Порт", "Логин", "Пароль", "SSL", "Email отправителя", "Имя отправителя", "Email получателя",
                  "Тема письма", "Текст письма", "HTML-разметка", "Вложения", "Время ожидания", "Копия",
                  "Скрытая копия", "Отправленное письмо", "Уровень обработки", "Уровень сообщений", "Текст ошибки"]:
        assert_in(title, ru, "Russian port title")
    en = rpa("describe", "mail.send", "--lang", "en").stdout
    assert_in("Blind copy (BCC)", en, "English title")
    assert_eq(rpa("describe", "mail.nope").returncode, 2, "unknown block")


def test_describe_shows_the_groups_and_json_equals_the_manifest_entry():
    en = rpa("describe", "mail.send", "--lang", "en").stdout
    for title in ["Connection:", "Message:", "Security:", "Reliability:", "Log:", "Levels:"]:
        assert_in("\n " + title + "\n", en, "group heading")
    described = json.loads(rpa("describe", "mail.send", "--json").stdout)
    manifest = json.loads(rpa("manifest").stdout)
    assert_eq(described, manifest["plugins"][0]["blocks"][0], "describe --json is the manifest's block")
    assert_eq(described["groups"][0], {"id": "connection", "title": {"ru": "Подключение", "en": "Connection"}}, "group")


def test_the_generic_host_links_no_mail_code_and_plugin_commands_keep_their_names():
    """rpa knows blocks, not mail: no Poco, no symbol of blocks/common; check-smtp, autoconfig and oauth come from the
    plugin, typed as before."""
    linked = subprocess.run(["ldd", RPA], capture_output=True, text=True, check=True).stdout
    assert_not_in("libPoco", linked, "rpa links Poco")
    symbols = subprocess.run(["nm", "-C", RPA], capture_output=True, text=True, check=True).stdout
    assert_not_in("mailblock::common::", symbols, "a symbol of blocks/common in rpa")
    assert_not_in("mailblock::commands::", symbols, "a symbol of the mail commands in rpa")
    help_text = rpa("help").stdout
    for usage in ["\n       rpa check-smtp [", "\n       rpa autoconfig ADDRESS", "\n       rpa oauth login|list|logout"]:
        assert_in(usage, help_text, "rpa help lists the plugin's commands")
    r = rpa("oauth", "login", "--provider", "gmail")
    assert_eq(r.returncode, 2, r.stderr)
    assert_in("usage: rpa oauth login --provider NAME --client-id ID --save NAME", r.stderr, "oauth login's own usage")
    r = rpa("frobnicate")
    assert_eq(r.returncode, 2, r.stderr)
    assert_in("unknown command frobnicate", r.stderr, "unknown command")


def test_rpa_and_the_plugins_it_loads_allocate_with_mimalloc():
    """rpa links mimalloc without calling it (README, "Bulk sending"): the dynamic loader must bind libc's, the host's
    and the plugin's malloc and operator new to it, or a mailing row's ~140 small allocations go back to glibc."""
    if "libasan" in subprocess.run(["ldd", RPA], capture_output=True, text=True, check=True).stdout:
        return  # a sanitizer build keeps the sanitizer's allocator, on purpose
    bindings = rpa("blocks", env={"LD_DEBUG": "bindings"}).stderr.splitlines()

    def bound(user, symbol):
        return [line for line in bindings if "binding file " in line and user in line.split(" to ")[0]
                and f"normal symbol `{symbol}'" in line]

    for user, symbol in [("libc.so", "malloc"), ("libc.so", "free"), (os.path.basename(RPA), "malloc"),
                         ("libmailblock.so", "_Znwm")]:
        found = bound(user, symbol)
        assert found, f"{user} never binds {symbol}: {len(bindings)} bindings seen"
        assert_in("libmimalloc", found[0].split(" to ")[1], f"{user}'s {symbol}")


def test_manifest_matches_the_checked_in_file():
    with open(os.path.join(SOURCE_DIR, "manifest.json"), encoding="utf-8") as f:
        assert_eq(json.loads(rpa("manifest").stdout), json.load(f), "manifest")


def test_invalid_diagram_exits_2_naming_block_and_port():
    r = run_diagram({"start": {"next": "s"}, "blocks": {"s": {"type": "mail.send", "inputs": {"port": "abc"}}}},
                    json_output=False)
    assert_eq(r.code, 2, repr(r))
    assert_in('block "s", port "port" ожидается число, получено "abc"', r.stderr, "message")


def test_secret_never_in_the_json_result_or_logs():
    secret = "Sup3r-S3cret-XYZ"
    r = run_diagram(send_diagram({"server": "127.0.0.1", "port": 1, "login": "a@example.org",
                                  "password": {"$env": "SMTP_PASSWORD"}, "sender_email": "a@example.org",
                                  "recipient": "b@example.org", "subject": {"$env": "SMTP_PASSWORD_TOO"},
                                  "error_level": "Ignore"}, start={"message_level": "Detailed"}),
                    env={"SMTP_PASSWORD": secret, "SMTP_PASSWORD_TOO": "not secret"})
    assert_eq(r.code, 0, repr(r))
    assert_not_in(secret, r.stdout + r.stderr, "secret")


def test_var_overrides_and_version():
    assert_in("rpa 0.", rpa("--version").stdout, "version")
    r = run_diagram(send_diagram({"server": "127.0.0.1", "port": {"$var": "p"}, "sender_email": "a@example.org",
                                  "recipient": "b@example.org", "error_level": "Ignore"}) | {"variables": {"p": "1"}},
                    extra_args=["--var", "p=notanumber"])
    assert_eq(r.code, 0, repr(r))
    assert_in("ожидается число, получено \"notanumber\"", r.block("send")["error"]["message"], "runtime conversion names the port")


tests(globals())
