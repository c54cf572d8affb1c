'use strict';
// nodes/mailblock.html: the editor part of the package. The shared editor code and style (resources/editor-client.js
// and editor.css, which Node-RED serves under resources/<module>/), the settings node's dialog, a config node per
// shared kind a port names (a named connection), and per block its dialog template (one
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
    } else if (f.kind === 'shared') {
        control = `<input type="text" id="${id}">`;  // Node-RED makes it a picker of the config nodes
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


// A config node per shared kind (a named connection): the name the plugin keeps it under, and a label.
function sharedTemplate(shared) {
    const key = `shared.${shared.kind}`;
    return `<script type="text/html" data-template-name="${shared.type}">\n` +
        '  <div class="form-row"><label for="node-config-input-name"><i class="fa fa-tag"></i> ' +
        '<span data-i18n="common.name"></span></label><input type="text" id="node-config-input-name"></div>\n' +
        `  <div class="form-row"><label for="node-config-input-value"><span data-i18n="${key}.value"></span></label>` +
        '<input type="text" id="node-config-input-value"></div>\n' +
        `  <div class="form-tips"><span data-i18n="${key}.tip"></span></div>\n</script>\n` +
        `<script type="text/javascript">\nmailblockNodes.registerShared(${JSON.stringify({ type: shared.type, kind: shared.kind })});\n</script>\n`;
}

function editorHtml(plugins) {
    const resources = 'resources/node-red-contrib-mailblock';
    let html = '<!-- Generated by node-red/generate.js from the block descriptions; do not edit. -->\n' +
        `<link rel="stylesheet" href="${resources}/editor.css">\n` +
        `<script type="text/javascript" src="${resources}/editor-client.js"></script>\n` + SETTINGS_TEMPLATE +
        model.sharedKinds(plugins).map(sharedTemplate).join('');
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
