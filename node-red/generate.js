#!/usr/bin/env node
'use strict';
// Turns block descriptions into the Node-RED node set: the editor (nodes/mailblock.html), the help sidebar and the
// message catalogues per language (nodes/locales/<lang>/), and the runtime's copy of the descriptions
// (nodes/blocks.json). The input is JSON with a "plugins" list: manifest.json, `rpa manifest`, or the describe
// event of `rpa serve`.
//   node generate.js [--manifest FILE|-] [--out DIR]   write the files (default: ../manifest.json, ./nodes)
//   node generate.js --manifest - --check              exit 1 naming every file that differs (the drift test)
const fs = require('fs');
const path = require('path');
const { editorHtml } = require('./lib/generator/editor-html');
const { helpPages } = require('./lib/generator/help-html');
const { catalogues } = require('./lib/generator/locales');

const LOCALE_DIRS = { en: 'en-US', ru: 'ru' };

function parseArgs(argv) {
    const args = { manifest: path.join(__dirname, '..', 'manifest.json'), out: path.join(__dirname, 'nodes'),
        check: false };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === '--manifest') args.manifest = argv[++i];
        else if (a === '--out') args.out = argv[++i];
        else if (a === '--check') args.check = true;
        else throw new Error(`unknown argument ${a}`);
    }
    return args;
}

// The runtime needs the ports and their rules, not the plugin's data tables.
function runtimeCopy(plugins) {
    return plugins.map((p) => ({ id: p.id, version: p.version, blocks: p.blocks }));
}

function files(plugins) {
    const out = {
        'mailblock.html': editorHtml(plugins),
        'blocks.json': JSON.stringify({ plugins: runtimeCopy(plugins) }, null, 1) + '\n'
    };
    const cats = catalogues(plugins);
    const help = helpPages(plugins);
    for (const [lang, dir] of Object.entries(LOCALE_DIRS)) {
        out[`locales/${dir}/mailblock.json`] = JSON.stringify(cats[lang], null, 2) + '\n';
        out[`locales/${dir}/mailblock.html`] = help[lang];
    }
    return out;
}

function main() {
    const args = parseArgs(process.argv.slice(2));
    const text = fs.readFileSync(args.manifest === '-' ? 0 : args.manifest, 'utf8');
    const plugins = JSON.parse(text).plugins;
    if (!Array.isArray(plugins)) throw new Error('the description has no "plugins" list');
    const drift = [];
    for (const [name, content] of Object.entries(files(plugins))) {
        const target = path.join(args.out, name);
        if (args.check) {
            const old = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
            if (old !== content) drift.push(target);
        } else {
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, content);
        }
    }
    if (drift.length) {
        console.error('These files differ from the block descriptions; regenerate them with ' +
            '`./build/rpa manifest | node node-red/generate.js --manifest -`:\n  ' + drift.join('\n  '));
        process.exit(1);
    }
    if (args.check) console.log('node-red: generated files match the block descriptions');
}

main();
