'use strict';
// The Node-RED entry of node-red-contrib-mailblock: the settings config node (the diagram's Start block), a config
// node per shared kind a port names (a named connection), and one
// node type per block of the described plugins (blocks.json, generated with the editor files by generate.js), all
// running through one shared `rpa serve` child.
const path = require('path');
const fs = require('fs');
const model = require('../lib/model');
const { Bridge } = require('../lib/runtime/bridge');
const { createBlockNode } = require('../lib/runtime/block-node');

module.exports = function (RED) {
    const described = JSON.parse(fs.readFileSync(path.join(__dirname, 'blocks.json'), 'utf8'));
    const bridge = new Bridge({ warn: (t) => RED.log.warn(`[mailblock] ${t}`),
        debug: (t) => RED.log.debug(`[mailblock] ${t}`) });

    function SettingsNode(config) {
        RED.nodes.createNode(this, config);
        this.error_level = config.error_level || 'Default';
        this.message_level = config.message_level || 'Release';
        this.language = config.language || 'en';
        this.parallel = Number(config.parallel) || 4;
    }
    RED.nodes.registerType('mailblock-settings', SettingsNode);

    // A shared setting's config node (a named connection): the name the plugin keeps it under.
    function SharedNode(config) {
        RED.nodes.createNode(this, config);
        this.value = config.value || '';
    }
    for (const shared of model.sharedKinds(described.plugins)) RED.nodes.registerType(shared.type, SharedNode);

    for (const plugin of described.plugins) {
        for (const block of plugin.blocks) {
            const credentials = {};
            for (const port of block.inputs) {
                const secret = model.fieldOf(port).kind === 'credential';
                if (secret) credentials[model.property(port.id)] = { type: 'password' };
            }
            RED.nodes.registerType(model.nodeType(block.id), createBlockNode(RED, block, bridge), { credentials });
        }
    }
};
