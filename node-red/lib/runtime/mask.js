'use strict';
// Replaces the secrets a run was given (passwords, tokens) by *** in any text or value before Node-RED logs it or
// puts it on a message, so the debug sidebar and every log stay clean even if a block or server echoed one.
const MASK = '***';

function maskText(text, secrets) {
    let out = String(text);
    for (const s of secrets) if (s && s.length >= 3) out = out.split(s).join(MASK);
    return out;
}

function maskValue(value, secrets) {
    if (!secrets.length) return value;
    if (typeof value === 'string') return maskText(value, secrets);
    if (Array.isArray(value)) return value.map((v) => maskValue(v, secrets));
    if (value && typeof value === 'object') {
        const out = {};
        for (const [k, v] of Object.entries(value)) out[k] = maskValue(v, secrets);
        return out;
    }
    return value;
}

module.exports = { maskText, maskValue, MASK };
