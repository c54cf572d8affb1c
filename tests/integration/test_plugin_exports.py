"""The plugin library exports exactly one symbol, the C entry point: nothing else of ours crosses the boundary."""
import os
import subprocess

from mbtest import RPA, assert_eq, tests

PLUGIN = os.path.join(os.path.dirname(RPA), "plugin", "libmailblock.so")


def test_only_the_entry_symbol_is_exported():
    out = subprocess.run(["nm", "-D", "--defined-only", PLUGIN], capture_output=True, text=True, check=True).stdout
    names = sorted(line.split()[-1] for line in out.splitlines() if line.strip())
    assert_eq(names, ["mailblock_plugin_entry"], "exported symbols")


tests(globals())
