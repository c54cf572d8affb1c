"""The command line as people expect it: every command (rpa's own and the plugin's) answers --help with its options,
exit codes and an example (exit 0), and a wrong option with one line naming it, a suggestion, and that command's
usage only (exit 2). The README's command list and the man page's synopsis and options are generated from the
help texts (scripts/rpa_help_docs.py) and must equal what it writes."""
import difflib
import os
import re
import subprocess
import sys

from mbtest import RPA, SOURCE_DIR, assert_eq, assert_in, assert_not_in, tests

sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))
import rpa_help_docs  # noqa: E402

COMMANDS = [["run"], ["blocks"], ["describe"], ["manifest"], ["docs"], ["serve"], ["help"],
            ["check-smtp"], ["autoconfig"], ["oauth"], ["oauth", "login"], ["oauth", "list"], ["oauth", "logout"],
            ["connection"]] + [["connection", sub] for sub in ("add", "list", "show", "check", "disable", "enable", "remove")]


def rpa(*args, env=None):
    return subprocess.run([RPA, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=60)


def usage_line(command):
    r = rpa(*command, "--help")
    lines = [line for line in r.stdout.splitlines() if line.startswith("usage: ")]
    assert_eq(len(lines), 1, r.stdout)
    return lines[0][len("usage: "):]


def test_every_command_answers_help_with_options_exit_codes_and_an_example():
    for command in COMMANDS:
        r = rpa(*command, "--help")
        name = "rpa " + " ".join(command)
        assert_eq(r.returncode, 0, name + ": " + r.stderr)
        assert_in("usage: " + name, r.stdout, name)
        assert_in("\nExit codes: ", r.stdout, name)
        assert_in("\nExample:\n  ", r.stdout, name)
        assert_in(" " + command[0], r.stdout.split("\nExample:\n", 1)[1], name + " example")
        assert_eq(r.stderr, "", name)
        assert_eq(rpa(*command, "-h").stdout, r.stdout, name + " -h")


def test_rpa_help_forms_and_version():
    top = rpa("--help")
    assert_eq(top.returncode, 0, top.stderr)
    for word in ["run ", "blocks ", "describe ", "serve ", "rpa check-smtp", "rpa oauth", "Exit codes: 0 done, 1 "]:
        assert_in(word, top.stdout, "rpa --help")
    assert_eq(rpa("-h").stdout, top.stdout, "rpa -h")
    assert_eq(rpa("help").stdout, top.stdout, "rpa help")
    assert_eq(rpa("help", "run").stdout, rpa("run", "--help").stdout, "rpa help run")
    assert_eq(rpa("help", "check-smtp").stdout, rpa("check-smtp", "--help").stdout, "rpa help check-smtp")
    version = rpa("--version")
    assert_eq(version.returncode, 0, version.stderr)
    assert_eq(re.fullmatch(r"rpa \d+\.\d+\.\d+ \(ABI \d+\.\d+\)\n", version.stdout) is not None, True, version.stdout)


def test_a_wrong_option_is_one_line_and_that_commands_usage_with_exit_2():
    for command in COMMANDS:
        name = "rpa " + " ".join(command)
        r = rpa(*command, "--bogus-option")
        assert_eq(r.returncode, 2, name + ": " + r.stderr)
        lines = r.stderr.splitlines()
        assert_eq(lines[0], "rpa: unknown option --bogus-option", name)
        assert_eq(lines[1], "usage: " + usage_line(command), name)
        assert_eq(r.stderr.count("usage:"), 1, name + ": only that command's usage")
        assert_not_in("\033", r.stderr, "no colour when not on a terminal")


def test_suggestions_for_options_and_commands():
    r = rpa("run", "x.json", "--jsno")
    assert_eq(r.stderr.splitlines()[0], 'rpa: unknown option --jsno; did you mean "--json"?', r.stderr)
    r = rpa("check-smtp", "--sever", "h")
    assert_eq((r.returncode, r.stderr.splitlines()[0]), (2, 'rpa: unknown option --sever; did you mean "--server"?'), r.stderr)
    r = rpa("chek-smtp")
    assert_eq((r.returncode, r.stderr.splitlines()[0]), (2, 'rpa: unknown command chek-smtp; did you mean "check-smtp"?'),
              r.stderr)
    r = rpa("describe", "mail.sned", "--lang", "en")
    assert_in('no block "mail.sned"; did you mean "mail.send" (Send email)?', r.stderr, "block id")
    r = rpa("describe", "mail.send", "--lang", "de")
    assert_eq(r.returncode, 2, r.stderr)
    r = rpa()
    assert_eq((r.returncode, r.stderr.splitlines()[0]), (2, "rpa: no command given (`rpa help` lists them)"), r.stderr)


def on_a_terminal(*args, env=None):
    """rpa's standard error when it is a terminal (a pseudo-terminal; stdout stays a pipe)."""
    import pty
    controller, terminal = pty.openpty()
    r = subprocess.run([RPA, *args], stdout=subprocess.PIPE, stderr=terminal, env={**os.environ, **(env or {})},
                       timeout=60)
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal's other end closed: all of it was read
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    return r.returncode, seen.decode()


def test_colours_only_on_a_terminal_and_never_with_no_color():
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    code, text = on_a_terminal("run", "--bogus-option", env=env)
    assert_eq(code, 2, text)
    assert_in("\033[1;31mrpa:\033[0m unknown option --bogus-option", text, "coloured on a terminal")
    code, text = on_a_terminal("run", "--bogus-option", env={"NO_COLOR": "1"})
    assert_in("rpa: unknown option --bogus-option", text, "the same message")
    assert_not_in("\033", text, "NO_COLOR: no colour")


def test_blocks_json():
    import json
    blocks = json.loads(rpa("blocks", "--json").stdout)
    assert_eq([b["id"] for b in blocks][:2], ["mail.send", "mail.save_to_sent"], "ids")
    assert_eq(blocks[0]["title"], {"ru": "Отправить письмо", "en": "Send email"}, "titles")


def test_readme_and_man_page_are_generated_from_the_help_texts():
    assert_eq(rpa_help_docs.commands(RPA), COMMANDS, "the commands rpa --help lists")
    for path, text in rpa_help_docs.generated(RPA).items():
        with open(os.path.join(SOURCE_DIR, path), encoding="utf-8") as f:
            diff = list(difflib.unified_diff(f.read().splitlines(), text.splitlines(), path, "generated", lineterm=""))
        assert_eq(diff, [], path + " (python3 scripts/rpa_help_docs.py build/rpa regenerates it)")


tests(globals())
