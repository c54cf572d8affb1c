'use strict';
// Reads a node's fields into the inputs of one block run: typed fields through Node-RED's own evaluation (msg.,
// flow., global., env), selects as they are, secrets from the node's credentials (or ${NAME} from the environment),
// a shared setting's name from the config node its field picks (a named connection).
// An empty field is left out so the block applies its own default. Problems are collected, all of them, with the
// port's title in the run's language.
const model = require('../model');

const WORDS = {
    en: { json: 'is not valid JSON', env: 'names the environment variable %s, which is not set',
        prop: 'cannot be read: %s', shared: 'names a configuration node that is missing or has no name' },
    ru: { json: '— неверный JSON', env: '— переменная окружения %s не задана', prop: '— не удалось прочитать: %s',
        shared: '— узел конфигурации не найден или без имени' }
};

function evaluate(RED, node, value, type, msg) {
    return new Promise((resolve, reject) => {
        RED.util.evaluateNodeProperty(value, type, node, msg, (err, v) => (err ? reject(err) : resolve(v)));
    });
}

function secretValue(raw, env) {
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(raw);
    if (!m) return { value: raw };
    return env[m[1]] === undefined ? { missing: m[1] } : { value: env[m[1]] };
}

// -> {inputs, secrets, problems}
async function readInputs(RED, node, block, msg, language, env = process.env) {
    const words = WORDS[language] || WORDS.en;
    const inputs = {};
    const secrets = [];
    const problems = [];
    const title = (port) => `"${(port.title && (port.title[language] || port.title.en)) || port.id}" (${port.id})`;
    for (const port of block.inputs) {
        if (model.LEVEL_PORTS.has(port.id)) continue;
        const field = model.fieldOf(port);
        const prop = model.property(port.id);
        if (field.kind === 'shared') {
            // The config node the field picks holds the name (a named connection's); the plugin resolves it.
            const id = node.config[prop];
            if (!id) continue;
            const shared = RED.nodes && RED.nodes.getNode(id);
            if (shared && shared.value) inputs[port.id] = shared.value;
            else problems.push(`${title(port)} ${words.shared}`);
            continue;
        }
        if (field.kind === 'credential') {
            const raw = node.credentials && node.credentials[prop];
            if (!raw) continue;
            const s = secretValue(raw, env);
            if (s.missing) problems.push(`${title(port)} ${words.env.replace('%s', s.missing)}`);
            else if (s.value !== '') {
                inputs[port.id] = s.value;
                secrets.push(s.value);
            }
            continue;
        }
        // A property the flow does not name (a flow written by hand or by the admin API) is left to the block's
        // default, except a port read from msg by default (an Object port reads msg.<port id>, so Send email ->
        // Save to Sent needs one wire only).
        let value = node.config[prop];
        if (value === undefined && field.kind === 'typed' && field.type === 'msg') value = field.value;
        if (field.kind === 'select') {
            if (value !== undefined && value !== '') inputs[port.id] = value;
            continue;
        }
        const type = node.config[model.typeProperty(port.id)] || field.type;  // (an unnamed field: its default type)
        if (value === undefined || value === null || (String(value).trim() === '' && type !== 'str')) continue;
        try {
            if (type === 'str') {
                if (value !== '') inputs[port.id] = value;
            } else if (type === 'num') {
                inputs[port.id] = Number.isFinite(Number(value)) ? Number(value) : value;  // the host names a bad one
            } else if (type === 'bool') {
                inputs[port.id] = value === true || value === 'true';
            } else if (type === 'json') {
                inputs[port.id] = JSON.parse(value);
            } else {
                const v = await evaluate(RED, node, value, type, msg);
                if (v !== undefined && v !== null && v !== '') inputs[port.id] = v;
            }
        } catch (e) {
            problems.push(`${title(port)} ${type === 'json' ? words.json : words.prop.replace('%s', e.message)}`);
        }
    }
    return { inputs, secrets, problems };
}

module.exports = { readInputs };
