'use strict';
// nodes/mailblock.html: the editor part of the package. The shared editor code (resources/editor-client.js, which
// Node-RED serves under resources/<module>/), the settings node's dialog, and per block its dialog template (one
// row per input port, in descriptor order, under its group's title) and a register call carrying the data the
// editor needs (field kinds, validation rules, defaults).
const model = require('../model');

const DEFAULT_COLOR = '#C7E9C0';
const DEFAULT_ICON = 'font-awesome/fa-cube';

const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function editorData(plugin, block) {
    const inputs = block.inputs.map((port) => {
        const field = model.fieldOf(port);
        const data = { id: port.id, property: model.property(port.id), typeProperty: model.typeProperty(port.id),
            field, value: model.propertyDefault(port), required: !!port.required };
        for (const k of ['integer', 'min', 'max']) if (port[k] !== undefined) data[k] = port[k];
        return data;
    });
    return { type: model.nodeType(block.id), category: plugin.id, color: block.color || DEFAULT_COLOR,
        icon: block.icon || DEFAULT_ICON, hasErrorLevel: model.hasPort(block, 'error_level'), inputs };
}

function portRow(type, port) {
    const f = model.fieldOf(port);
    const id = 'node-input-' + model.property(port.id);
    const key = `${type}.ports.${port.id}`;
    const star = port.required ? ' <span class="mailblock-required">*</span>' : '';
    let control;
    if (f.kind === 'credential') {
        control = `<input type="password" id="${id}" autocomplete="off">`;
    } else if (f.kind === 'select') {
        control = `<select id="${id}">` + f.values.map((v) => `<option value="${attr(v)}">${attr(v)}</option>`).join('') +
            '</select>';
    } else {
        const placeholder = port.default !== undefined && f.type !== 'bool' ? ` placeholder="${attr(port.default)}"` : '';
        control = `<input type="text" id="${id}"${placeholder}>` +
            `<input type="hidden" id="node-input-${model.typeProperty(port.id)}">`;
    }
    const tip = f.kind === 'credential' ? ` <span data-i18n="common.credentialTip"></span>` : '';
    return `    <div class="form-row mailblock-port" data-port="${port.id}" data-kind="${f.kind}">\n` +
        `      <label for="${id}"><span data-i18n="${key}.title"></span>${star}</label>\n` +
        `      ${control}\n` +
        `      <div class="mailblock-tip"><span data-i18n="${key}.description"></span>${tip}</div>\n` +
        '    </div>\n';
}

function template(block) {
    const type = model.nodeType(block.id);
    let html = `<script type="text/html" data-template-name="${type}">\n` +
        '  <div class="form-row"><label for="node-input-name"><i class="fa fa-tag"></i> <span data-i18n="common.name"></span></label>' +
        '<input type="text" id="node-input-name"></div>\n' +
        '  <div class="form-row"><label for="node-input-settings"><i class="fa fa-cog"></i> <span data-i18n="common.settings"></span></label>' +
        '<input type="text" id="node-input-settings"></div>\n';
    for (const group of model.groupedInputs(block)) {
        html += `  <div class="mailblock-group" data-group="${group.id}">\n`;
        if (group.title) {
            html += `    <div class="mailblock-group-title"><i class="fa fa-angle-down"></i> ` +
                `<span data-i18n="${type}.groups.${group.id}"></span></div>\n`;
        }
        html += '    <div class="mailblock-group-ports">\n' + group.ports.map((p) => portRow(type, p)).join('') +
            '    </div>\n  </div>\n';
    }
    return html + '</script>\n';
}

const select = (id, options) => `<select id="node-config-input-${id}">` +
    options.map(([value, label]) => `<option value="${value}">${label || value}</option>`).join('') + '</select>';

// The settings node (the Start block): its levels, language and runs in flight per node.
const SETTINGS_TEMPLATE = '<script type="text/html" data-template-name="mailblock-settings">\n' + [
    ['name', '<input type="text" id="node-config-input-name">', 'fa-tag'],
    ['error_level', select('error_level', [['Default'], ['Ignore'], ['Handle']])],
    ['message_level', select('message_level', [['Release'], ['Debug'], ['Detailed']])],
    ['language', select('language', [['ru', 'Русский'], ['en', 'English']])],
    ['parallel', '<input type="number" min="1" max="64" id="node-config-input-parallel">']
].map(([id, control, icon]) => `  <div class="form-row"><label for="node-config-input-${id}">` +
    (icon ? `<i class="fa ${icon}"></i> ` : '') + `<span data-i18n="settings.${id}"></span></label>${control}</div>\n`)
    .join('') + '  <div class="form-tips" data-i18n="settings.tip"></div>\n</script>\n';

const STYLE = `<style>
  .mailblock-group-title { font-weight: bold; margin: 14px 0 6px; padding-bottom: 2px; cursor: pointer;
    border-bottom: 1px solid var(--red-ui-secondary-border-color, #ddd); }
  .mailblock-group-title.collapsed i { transform: rotate(-90deg); }
  .form-row.mailblock-port > label { width: 170px; vertical-align: top; }
  .mailblock-port input[type=text], .mailblock-port input[type=password], .mailblock-port select,
  .mailblock-port .red-ui-typedInput-container { width: calc(100% - 180px) !important; }
  .mailblock-tip { margin-left: 174px; font-size: 0.85em; color: var(--red-ui-secondary-text-color, #888); }
  .mailblock-required { color: var(--red-ui-text-color-error, #b00); }
</style>
`;

function editorHtml(plugins) {
    let html = '<!-- Generated by node-red/generate.js from the block descriptions; do not edit. -->\n' + STYLE +
        '<script type="text/javascript" src="resources/node-red-contrib-mailblock/editor-client.js"></script>\n' +
        SETTINGS_TEMPLATE;
    for (const plugin of plugins) {
        for (const block of plugin.blocks) {
            html += template(block);
            const data = JSON.stringify(editorData(plugin, block));
            html += `<script type="text/javascript">\nmailblockNodes.register(${data});\n</script>\n`;
        }
    }
    return html;
}

module.exports = { editorHtml };
