'use strict';
// The node's status line: what it is doing ("sending", a progress percentage for a long send), how many of the
// messages it got went through ("sent 4/4"), or the first words of the last error. The words are the block's own
// (its description's "status"), else the generic "running" and "done".
const WORDS = {
    en: { running: 'running', done: 'done', failed: 'failed' },
    ru: { running: 'выполняется', done: 'готово', failed: 'ошибка' }
};

function firstWords(text, n = 6) {
    const words = String(text || '').split(/\s+/).filter(Boolean);
    return words.slice(0, n).join(' ') + (words.length > n ? '…' : '');
}

class Status {
    constructor(node, language, blockWords) {
        this.node = node;
        const lang = WORDS[language] ? language : 'en';
        const own = (key) => blockWords && blockWords[key] && blockWords[key][lang];
        this.words = { ...WORDS[lang], ...(own('running') ? { running: own('running') } : {}),
            ...(own('done') ? { done: own('done') } : {}) };
        this.total = 0;
        this.ok = 0;
        this.active = 0;
        this.lastError = null;
    }

    started() {
        this.active++;
        this.node.status({ fill: 'blue', shape: 'dot', text: `${this.words.running} (${this.active})` });
    }

    progress(done, total) {
        if (!total) return;
        const pct = Math.floor((100 * done) / total);
        this.node.status({ fill: 'blue', shape: 'dot', text: `${this.words.running}: ${pct}%` });
    }

    // Called once for every message that reached the node; `ran` when started() was called for it.
    finished(result, ran) {
        if (ran) this.active--;
        if (result.cancelled) return;
        this.total++;
        if (result.error) this.lastError = result.error;
        else this.ok++;
        const counts = `${this.ok}/${this.total}`;
        if (this.lastError) {
            const text = `${this.words.failed}: ${firstWords(this.lastError.message)} (${counts})`;
            this.node.status({ fill: 'red', shape: 'ring', text });
        } else {
            this.node.status({ fill: this.active ? 'blue' : 'green', shape: 'dot',
                text: `${this.active ? this.words.running : this.words.done} ${counts}` });
        }
    }
}

module.exports = { Status };
