'use strict';
// Where the runtime host `rpa` is: MAILBLOCK_RPA, else `rpa` on PATH, else near a plugin named in
// MAILBLOCK_PLUGIN_PATH: in its folder or a folder above it (a build tree: build/plugin/libmailblock.so and
// build/rpa), or in bin/ of one (an install: <prefix>/lib/<multiarch>/mailblock/plugins and <prefix>/bin/rpa).
// rpa itself finds the plugins: MAILBLOCK_PLUGIN_PATH, the user's folder, the system folder (see the README).
const fs = require('fs');
const path = require('path');

function executable(file) {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch (e) {
        return false;
    }
}

function candidatesNearPlugins(env) {
    const out = [];
    for (const entry of (env.MAILBLOCK_PLUGIN_PATH || '').split(':').filter(Boolean)) {
        let dir = path.resolve(entry);
        if (fs.existsSync(dir) && fs.statSync(dir).isFile()) dir = path.dirname(dir);
        for (let up = dir, i = 0; i < 5; i++, up = path.dirname(up)) {
            out.push(path.join(up, 'rpa'), path.join(up, 'bin', 'rpa'));
        }
    }
    return out;
}

// The rpa to run, or null with the places tried in `tried`.
function findRpa(env = process.env, tried = []) {
    if (env.MAILBLOCK_RPA) {
        tried.push(env.MAILBLOCK_RPA);
        return executable(env.MAILBLOCK_RPA) ? env.MAILBLOCK_RPA : null;
    }
    const onPath = (env.PATH || '').split(':').filter(Boolean).map((d) => path.join(d, 'rpa'));
    for (const file of onPath.concat(candidatesNearPlugins(env))) {
        tried.push(file);
        if (executable(file)) return file;
    }
    return null;
}

module.exports = { findRpa };
