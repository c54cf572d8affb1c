// How a node's fields become a block run's inputs (node-red/lib/runtime/inputs.js), with Node-RED's own property
// evaluation (@node-red/util from the pinned install): typed values, empty fields left to the block's default,
// references into msg, secrets from credentials or ${NAME}, and every problem named by its port at once.
const test = require('node:test');
const assert = require('node:assert');
const path = require('path');
const fs = require('fs');
const { util } = require(path.join(__dirname, '..', '..', 'node-red', 'node_modules', '@node-red', 'util'));
const { readInputs } = require('../../node-red/lib/runtime/inputs');

const described = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'node-red', 'nodes', 'blocks.json')));
const blocks = Object.fromEntries(described.plugins.flatMap((p) => p.blocks).map((b) => [b.id, b]));
const RED = { util };

function node(config, credentials = {}) {
    return { config, credentials, context: () => ({ flow: { get: () => undefined }, global: { get: () => undefined } }) };
}

test('typed fields, references, empty fields and the levels', async () => {
    const n = node({ server: 'smtp.example.org', server_type: 'str', port: '587', port_type: 'num', ssl: 'true',
        ssl_type: 'bool', recipient: 'to', recipient_type: 'msg', subject: '', subject_type: 'str',
        attachments: '{"a.txt": "/tmp/a.txt"}', attachments_type: 'json', security: 'STARTTLS',
        error_level: 'Handle', message_level: 'Debug' }, { password: 'pw-123' });
    const r = await readInputs(RED, n, blocks['mail.send'], { to: ['a@example.org'] }, 'en', {});
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual(r.inputs, { server: 'smtp.example.org', port: 587, ssl: true, recipient: ['a@example.org'],
        attachments: { 'a.txt': '/tmp/a.txt' }, security: 'STARTTLS', password: 'pw-123' });
    assert.deepStrictEqual(r.secrets, ['pw-123']);
});

test('a secret from the environment, and one whose variable is not set', async () => {
    const ok = await readInputs(RED, node({}, { password: '${SMTP_PASSWORD}' }), blocks['mail.send'], {}, 'en',
        { SMTP_PASSWORD: 'from-env' });
    assert.strictEqual(ok.inputs.password, 'from-env');
    assert.deepStrictEqual(ok.secrets, ['from-env']);
    const missing = await readInputs(RED, node({}, { password: '${NOPE}' }), blocks['mail.send'], {}, 'ru', {});
    assert.deepStrictEqual(missing.problems, ['"Пароль" (password) — переменная окружения NOPE не задана']);
});

test('all problems at once, each naming its port', async () => {
    const n = node({ attachments: '{broken', attachments_type: 'json', cc: '[', cc_type: 'json' });
    const r = await readInputs(RED, n, blocks['mail.send'], {}, 'en', {});
    assert.deepStrictEqual(r.problems, ['"Attachments" (attachments) is not valid JSON', '"Copy (CC)" (cc) is not valid JSON']);
});

test("Save to Sent's Sent message reads msg.sent_message when the flow names nothing", async () => {
    const sent = { $handle: 'h-1', message_id: 'x@example.org' };
    const r = await readInputs(RED, node({}), blocks['mail.save_to_sent'], { sent_message: sent }, 'en', {});
    assert.deepStrictEqual(r.inputs, { sent_message: sent });
});

test('the Connection field picks a mailblock-connection config node, whose name reaches the block', async () => {
    const configs = { c1: { value: 'office' }, c2: { value: '' } };
    const red = { util, nodes: { getNode: (id) => configs[id] || null } };
    const ok = await readInputs(red, node({ connection: 'c1' }), blocks['mail.send'], {}, 'en', {});
    assert.deepStrictEqual(ok.problems, []);
    assert.strictEqual(ok.inputs.connection, 'office');
    const none = await readInputs(red, node({ connection: '' }), blocks['mail.save_to_sent'], {}, 'en', {});
    assert.strictEqual(none.inputs.connection, undefined);
    const gone = await readInputs(red, node({ connection: 'c9' }), blocks['mail.send'], {}, 'ru', {});
    assert.deepStrictEqual(gone.problems, ['"Подключение" (connection) — узел конфигурации не найден или без имени']);
    const empty = await readInputs(red, node({ connection: 'c2' }), blocks['mail.send'], {}, 'en', {});
    assert.deepStrictEqual(empty.problems,
        ['"Connection" (connection) names a configuration node that is missing or has no name']);
});
