// Where the Node-RED package finds `rpa` (node-red/lib/runtime/locate.js): MAILBLOCK_RPA first, then PATH, then
// near a plugin named in MAILBLOCK_PLUGIN_PATH, as a build tree and an install lay them out. Run by ctest with
// node's own test runner.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { findRpa } = require('../../node-red/lib/runtime/locate');

function tree(files) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mailblock-locate-'));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.writeFileSync(path.join(root, f), '#!/bin/sh\n', { mode: f.endsWith('rpa') ? 0o755 : 0o644 });
    }
    return root;
}

test('MAILBLOCK_RPA wins, and a wrong one is not replaced by a guess', () => {
    const root = tree(['a/rpa', 'b/rpa']);
    assert.strictEqual(findRpa({ MAILBLOCK_RPA: path.join(root, 'a/rpa'), PATH: path.join(root, 'b') }), path.join(root, 'a/rpa'));
    const tried = [];
    assert.strictEqual(findRpa({ MAILBLOCK_RPA: path.join(root, 'missing'), PATH: path.join(root, 'b') }, tried), null);
    assert.deepStrictEqual(tried, [path.join(root, 'missing')]);
});

test('rpa on PATH', () => {
    const root = tree(['bin/rpa']);
    assert.strictEqual(findRpa({ PATH: `/nonexistent:${path.join(root, 'bin')}` }), path.join(root, 'bin/rpa'));
});

test('a build tree: build/plugin/libmailblock.so and build/rpa', () => {
    const root = tree(['build/plugin/libmailblock.so', 'build/rpa']);
    const env = { PATH: '/nonexistent', MAILBLOCK_PLUGIN_PATH: path.join(root, 'build/plugin/libmailblock.so') };
    assert.strictEqual(findRpa(env), path.join(root, 'build/rpa'));
});

test('an install: <prefix>/lib/<multiarch>/mailblock/plugins and <prefix>/bin/rpa', () => {
    const root = tree(['usr/lib/x86_64-linux-gnu/mailblock/plugins/libmailblock.so', 'usr/bin/rpa']);
    const env = { PATH: '', MAILBLOCK_PLUGIN_PATH: path.join(root, 'usr/lib/x86_64-linux-gnu/mailblock/plugins') };
    assert.strictEqual(findRpa(env), path.join(root, 'usr/bin/rpa'));
});

test('nothing found: null, with the places tried', () => {
    const root = tree(['plugins/libmailblock.so', 'plugins/not-rpa']);
    const tried = [];
    assert.strictEqual(findRpa({ PATH: root, MAILBLOCK_PLUGIN_PATH: path.join(root, 'plugins') }, tried), null);
    assert.ok(tried.includes(path.join(root, 'rpa')) && tried.includes(path.join(root, 'plugins', 'rpa')), tried.join(' '));
});
