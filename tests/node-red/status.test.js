// The node's status line (node-red/lib/runtime/status.js) speaks the block's own words from its description
// ("sending", "sent 4/4"), in the settings' language, and the generic ones for a block that has none. Run by
// ctest with node's own test runner.
const test = require('node:test');
const assert = require('node:assert');
const { Status } = require('../../node-red/lib/runtime/status');

function node() {
    const shown = [];
    return { shown, status: (s) => shown.push(s.text) };
}

const SEND_WORDS = { running: { ru: 'отправка', en: 'sending' }, done: { ru: 'отправлено', en: 'sent' } };

test("a Send email node says sending, then sent 2/2", () => {
    const n = node();
    const s = new Status(n, 'en', SEND_WORDS);
    s.started();
    s.progress(50, 200);
    s.finished({ outputs: {} }, true);
    s.started();
    s.finished({ outputs: {} }, true);
    assert.deepStrictEqual(n.shown, ['sending (1)', 'sending: 25%', 'sent 1/1', 'sending (1)', 'sent 2/2']);
});

test('in Russian, and the first words of an error with the count', () => {
    const n = node();
    const s = new Status(n, 'ru', SEND_WORDS);
    s.started();
    s.finished({ outputs: {} }, true);
    s.started();
    s.finished({ error: { message: 'Письмо не отправлено: сервер отклонил вход по паролю' } }, true);
    assert.deepStrictEqual(n.shown, ['отправка (1)', 'отправлено 1/1', 'отправка (1)',
        'ошибка: Письмо не отправлено: сервер отклонил вход… (1/2)']);
});

test('a block without words of its own gets running and done', () => {
    const n = node();
    const s = new Status(n, 'en', undefined);
    s.started();
    s.finished({ outputs: {} }, true);
    assert.deepStrictEqual(n.shown, ['running (1)', 'done 1/1']);
});
