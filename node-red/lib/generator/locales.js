'use strict';
// The message catalogues Node-RED's i18n reads (nodes/locales/<lang>/mailblock.json): the palette category, each
// node's label, group titles, port titles and help texts, plus the adapter's own words.
const model = require('../model');
const words = require('./words');

function pick(localized, lang) {
    if (!localized) return '';
    return localized[lang] || localized.en || '';
}

function blockCatalogue(block, lang) {
    const ports = {};
    for (const p of block.inputs) ports[p.id] = { title: pick(p.title, lang), description: pick(p.description, lang) };
    const groups = {};
    for (const g of block.groups || []) groups[g.id] = pick(g.title, lang);
    return { label: pick(block.title, lang), groups, ports };
}

// One catalogue per language: {"en": {...}, "ru": {...}}.
function catalogues(plugins) {
    const out = {};
    for (const lang of Object.keys(words)) {
        const cat = { palette: { label: {} }, common: words[lang].common, settings: words[lang].settings, shared: {} };
        for (const s of model.sharedKinds(plugins))
            cat.shared[s.kind] = { label: pick(s.port.title, lang), value: words[lang].shared.value,
                tip: pick(s.port.description, lang) };
        for (const plugin of plugins) {
            const first = plugin.blocks[0];
            const title = first ? pick(first.category, lang) : '';
            cat.palette.label[plugin.id] = title ? `${title} (${plugin.id})` : plugin.id;
            for (const block of plugin.blocks) cat[model.nodeType(block.id)] = blockCatalogue(block, lang);
        }
        out[lang] = cat;
    }
    return out;
}

module.exports = { catalogues, pick };
