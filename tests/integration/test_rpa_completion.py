"""Bash completion (packaging/completion/rpa): registered for rpa (`complete -p`), and what Tab offers, asked the way
bash asks (COMP_WORDS/COMP_CWORD, then the function; the candidates through compgen): commands of rpa and of the
plugin, a command's options, option values, block ids, saved OAuth2 credential names and named connections."""
import os
import shlex
import subprocess
import types

from mbtest import RPA, SOURCE_DIR, assert_eq, assert_in, tests
from oauth_support import Home

SCRIPT = os.path.join(SOURCE_DIR, "packaging", "completion", "rpa")


def bash(script, env=None):
    r = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True, timeout=60,
                       env={**os.environ, **(env or {})})
    assert_eq(r.returncode, 0, r.stderr)
    return r.stdout


def tab(*words, env=None):
    """What Tab offers after `rpa WORDS...` (the last word is the one being completed)."""
    line = " ".join(shlex.quote(w) for w in (RPA, *words))
    out = bash(f"source {shlex.quote(SCRIPT)}; COMP_WORDS=({line}); COMP_CWORD={len(words)}; _rpa;"
               " printf '%s\\n' \"${COMPREPLY[@]}\"", env)
    return [w for w in out.splitlines() if w]


def test_registered_for_rpa():
    assert_eq(bash(f"source {shlex.quote(SCRIPT)}; complete -p rpa").strip(), "complete -F _rpa rpa", "complete -p")


def test_commands_options_and_values():
    assert_eq(tab(""), ["run", "blocks", "describe", "manifest", "docs", "serve", "help", "check-smtp", "autoconfig",
                        "oauth", "connection"], "all commands, the plugin's included")
    assert_eq(tab("ch"), ["check-smtp"], "a command by its start")
    assert_eq(tab("--plugin", os.path.join(os.path.dirname(RPA), "plugin", "libmailblock.so"), "desc"), ["describe"],
              "after rpa's own option")
    assert_eq(tab("run", "x.json", "--js"), ["--json"], "run's option")
    assert_eq(tab("run", "x.json", "--journal-"), ["--journal-sync"], "run's mailing option")
    assert_eq(tab("check-smtp", "--se"), ["--server", "--security"], "the plugin command's options")
    assert_eq(tab("oauth", ""), ["login", "list", "logout"], "oauth's subcommands")
    assert_eq(tab("oauth", "login", "--provider", "m"), ["microsoft", "mailru"], "provider names")
    assert_eq(tab("describe", "mail.send", "--lang", ""), ["ru", "en"], "--lang values")
    assert_eq(tab("help", "o"), ["oauth"], "help's topic")


def test_block_ids_and_credential_names():
    assert_eq(tab("describe", "mail.s"), ["mail.send", "mail.save_to_sent"], "block ids")
    home = Home()
    fake_server = types.SimpleNamespace(client_id="c", base="http://127.0.0.1:9", add_refresh_token=lambda token: None)
    for name in ["work", "home-box"]:
        home.write(name, fake_server, "refresh-" + name)
    env = home.env()
    assert_eq(sorted(tab("check-smtp", "--oauth-credential", "", env=env)), ["home-box", "work"], "saved names")
    assert_eq(tab("oauth", "logout", "w", env=env), ["work"], "logout NAME")
    for name in ["office", "branch"]:
        r = subprocess.run([RPA, "connection", "add", name, "--server", "127.0.0.1", "--no-password"],
                           capture_output=True, text=True, env=env, timeout=60)
        assert_eq(r.returncode, 0, r.stderr)
    assert_eq(tab("connection", "", env=env), ["add", "list", "show", "check", "disable", "enable", "remove"],
              "connection's subcommands")
    assert_eq(sorted(tab("connection", "check", "", env=env)), ["branch", "office"], "connection NAME")
    assert_eq(tab("connection", "disable", "o", env=env), ["office"], "connection NAME by its start")


tests(globals())
