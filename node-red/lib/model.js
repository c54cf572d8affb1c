'use strict';
// How a block description (the JSON of manifest.json's "plugins"[].blocks[], or `rpa serve`'s describe event) maps
// onto Node-RED: node type names, node properties, the kind of editor field each input port gets, and which ports
// the adapter handles itself (the levels). One module, read by the generator (editor, help, locales) and by the
// runtime (reading a node's fields), so both sides agree by construction.

// Node properties Node-RED itself uses; a port with such an id gets a prefixed property name.
const RESERVED = new Set(['id', 'type', 'name', 'x', 'y', 'z', 'g', 'd', 'wires', 'inputs', 'outputs', 'credentials',
    'info', 'icon', 'l', 'settings', 'users', '_def', 'changed', 'dirty', 'valid', 'validationErrors']);

// Input ports the host resolves itself (the levels): the adapter reads them, they never reach the block as inputs.
const LEVEL_PORTS = new Set(['error_level', 'message_level']);

const nodeType = (blockId) => blockId.replace(/\./g, '-');
const property = (portId) => (RESERVED.has(portId) ? 'in_' + portId : portId);
const typeProperty = (portId) => property(portId) + '_type';

// The typedInput types of a port, in the order its own types are declared, then the references.
const TYPED = { Text: 'str', Number: 'num', Boolean: 'bool', List: 'json', Dictionary: 'json', Object: 'json' };
const REFERENCES = ['msg', 'flow', 'global', 'env'];

// A port whose value names a shared setting kept outside the flow (port.shared, e.g. "connection"): a config node
// of this type holds the name, and the node's field picks one.
const sharedType = (kind) => 'mailblock-' + kind;

function fieldOf(port) {
    if (port.shared) return { kind: 'shared', configType: sharedType(port.shared) };
    if (port.secret || port.types.includes('SecureString')) return { kind: 'credential' };
    if (port.types.length === 1 && port.types[0] === 'Enum') return { kind: 'select', values: port.values || [] };
    const own = [];
    for (const t of port.types) if (TYPED[t] && !own.includes(TYPED[t])) own.push(TYPED[t]);
    const objectOnly = port.types.every((t) => t === 'Object');
    // An Object port is wired from an earlier node: it reads msg.<port id> unless told otherwise.
    const types = objectOnly ? ['msg', 'flow', 'global', 'json'] : own.concat(REFERENCES);
    let type = objectOnly ? 'msg' : own[0] || 'str';
    let value = objectOnly ? port.id : '';
    if (port.default !== undefined && port.default !== null) {
        const kind = { boolean: 'Boolean', number: 'Number' }[typeof port.default] || 'Text';
        const t = TYPED[kind];
        if (own.includes(t)) type = t;
        if (t === 'bool') value = String(port.default);  // a bool typedInput always shows a value
    }
    if (type === 'bool' && value === '') value = 'false';
    return { kind: 'typed', types, type, value };
}

// The shared kinds the blocks name, each once with the first port that names it: [{kind, type, port}].
function sharedKinds(plugins) {
    const out = [];
    for (const plugin of plugins)
        for (const block of plugin.blocks)
            for (const port of block.inputs)
                if (port.shared && !out.some((s) => s.kind === port.shared))
                    out.push({ kind: port.shared, type: sharedType(port.shared), port });
    return out;
}

// The default value of a node's property for this port (a select starts at the port's default).
function propertyDefault(port) {
    const f = fieldOf(port);
    if (f.kind === 'select') return port.default !== undefined ? String(port.default) : f.values[0] || '';
    if (f.kind === 'shared') return '';
    return f.kind === 'typed' ? f.value : undefined;
}

// Groups of a block's input ports in descriptor order: [{id, title, ports}]. Ports without a group (or a
// description from before groups existed) land in one section without a title.
function groupedInputs(block) {
    const groups = (block.groups || []).map((g) => ({ id: g.id, title: g.title, ports: [] }));
    const loose = { id: '', title: null, ports: [] };
    for (const port of block.inputs) {
        const g = groups.find((x) => x.id === port.group);
        (g || loose).ports.push(port);
    }
    const all = loose.ports.length ? [loose].concat(groups) : groups;
    return all.filter((g) => g.ports.length);
}

// The output carried in msg.payload: the block's first output that is not the error text.
function mainOutput(block) {
    const out = block.outputs.find((p) => p.id !== 'error_text');
    return out ? out.id : null;
}

function hasPort(block, id) {
    return block.inputs.some((p) => p.id === id);
}

module.exports = { nodeType, property, typeProperty, fieldOf, propertyDefault, groupedInputs, mainOutput, hasPort,
    sharedKinds, LEVEL_PORTS };
