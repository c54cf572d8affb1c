/* The editor side of every mailblock node, loaded by nodes/mailblock.html (Node-RED serves it from resources/).
 * It registers the settings config node (the diagram's Start block), a config node per shared kind (a named
 * connection) and, from the generated data, one node type
 * per block: typedInputs, selects and credentials per input port, the red triangle for ports the host would
 * refuse, and the error output when the node's error level (or its settings' one) is Handle. Runs in the browser:
 * plain ES2017. */
(function () {
    'use strict';
    var SETTINGS = 'mailblock-settings';
    // Validators run with `this` set to a node or to the dialog's working copy: name the i18n namespace in full.
    function t(key, args) { return RED._('node-red-contrib-mailblock/mailblock:' + key, args); }

    RED.nodes.registerType(SETTINGS, {
        category: 'config',
        defaults: {
            name: { value: '' },
            error_level: { value: 'Default' },
            message_level: { value: 'Release' },
            // A new settings node speaks the editor's language (messages, hints and logs of the blocks).
            language: { value: /^ru/.test(RED.i18n.lang()) ? 'ru' : 'en' },
            parallel: { value: 4, validate: RED.validators.number() }
        },
        paletteLabel: function () { return this._('settings.label'); },
        label: function () {
            return this.name || this._('settings.label') + ' (' + this.error_level + ', ' + this.message_level + ', ' +
                this.language + ')';
        }
    });

    // The value shown in a field right now: the open dialog's when there is one, else the node's.
    function current(node, property) {
        var field = $('#node-input-' + property);
        return field.length ? field.val() : node[property];
    }

    // Two parameters: Node-RED then shows a returned string as the reason.
    // The reasons name the port as the host does: "Sender email (sender_email): a value is required".
    function validator(blockType, port) {
        return function (v, opt) {
            var reason = validReason(port, current(this, port.typeProperty) || port.field.type, v);
            if (reason === true) return true;
            return t(blockType + '.ports.' + port.id + '.title') + ' (' + port.id + '): ' + reason;
        };
    }

    // true, or why the value would be refused by the host (empty required port, a number out of range, bad JSON).
    function validReason(port, type, v) {
        var empty = v === undefined || v === null || String(v).trim() === '';
        if (empty) return port.required ? t('common.errors.required') : true;
        if (type === 'num') {
            var n = Number(v);
            if (!isFinite(n)) return t('common.errors.number');
            if (port.integer && Math.floor(n) !== n) return t('common.errors.integer');
            if (port.min !== undefined && n < port.min) return t('common.errors.min', { min: port.min });
            if (port.max !== undefined && n > port.max) return t('common.errors.max', { max: port.max });
        } else if (type === 'json') {
            try { JSON.parse(v); } catch (e) { return t('common.errors.json'); }
        } else if (type === 'msg' || type === 'flow' || type === 'global') {
            if (!RED.utils.validatePropertyExpression(v)) return t('common.errors.property');
        } else if (type === 'bool' && v !== 'true' && v !== 'false') {
            return t('common.errors.boolean');
        }
        return true;
    }

    function effectiveErrorLevel(own, settingsId) {
        if (own && own !== 'Default') return own;
        var settings = settingsId && RED.nodes.node(settingsId);
        return settings ? settings.error_level : 'Default';
    }

    function register(block) {
        var defaults = { name: { value: '' }, settings: { value: '', type: SETTINGS, required: false },
            outputs: { value: 1 } };
        var credentials = {};
        block.inputs.forEach(function (port) {
            if (port.field.kind === 'credential') {
                credentials[port.property] = { type: 'password' };
            } else if (port.field.kind === 'shared') {
                defaults[port.property] = { value: '', type: port.field.configType, required: !!port.required };
            } else if (port.field.kind === 'select') {
                defaults[port.property] = { value: port.value, validate: function (v, opt) {
                    return port.field.values.indexOf(v) >= 0 || t('common.errors.choice');
                } };
            } else {
                // No `required` key: with one, Node-RED skips the validator for an empty value.
                defaults[port.property] = { value: port.value, validate: validator(block.type, port) };
                defaults[port.typeProperty] = { value: port.field.type };
            }
        });
        RED.nodes.registerType(block.type, {
            category: block.category,
            color: block.color,
            icon: block.icon,
            defaults: defaults,
            credentials: credentials,
            inputs: 1,
            outputs: 1,
            paletteLabel: function () { return this._(block.type + '.label'); },
            label: function () { return this.name || this._(block.type + '.label'); },
            labelStyle: function () { return this.name ? 'node_label_italic' : ''; },
            inputLabels: function () { return this._(block.type + '.label'); },
            outputLabels: function (i) { return this._(i === 0 ? 'common.output.ok' : 'common.output.error'); },
            oneditprepare: function () {
                block.inputs.forEach(function (port) {
                    if (port.field.kind !== 'typed') return;
                    $('#node-input-' + port.property).typedInput({
                        default: port.field.type,
                        types: port.field.types,
                        typeField: '#node-input-' + port.typeProperty
                    });
                });
                $('.mailblock-group-title').on('click', function () {
                    $(this).toggleClass('collapsed').next('.mailblock-group-ports').toggle();
                });
            },
            oneditsave: function () {
                if (!block.hasErrorLevel) return;
                var level = effectiveErrorLevel($('#node-input-error_level').val(), $('#node-input-settings').val());
                this.outputs = level === 'Handle' ? 2 : 1;
            }
        });
    }

    // A config node holding the name of a shared setting the plugin keeps (a named connection: `rpa connection add`).
    function registerShared(shared) {
        RED.nodes.registerType(shared.type, {
            category: 'config',
            defaults: { name: { value: '' }, value: { value: '', required: true } },
            paletteLabel: function () { return this._('shared.' + shared.kind + '.label'); },
            label: function () { return this.name || this.value || this._('shared.' + shared.kind + '.label'); }
        });
    }

    window.mailblockNodes = { register: register, registerShared: registerShared };
})();
