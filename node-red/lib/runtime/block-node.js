'use strict';
// The runtime of one generated node type: each incoming message becomes one block run in the shared bridge. Up to
// the settings' "runs in flight" run at once; results leave in the order the messages came. Outputs go onto
// msg.<output port id> and msg.payload; an error follows the node's error level (Default: done(err) for Catch
// nodes, the message stops; Ignore: passed on with msg.error_text; Handle: the second output with msg.error).
const model = require('../model');
const { readInputs } = require('./inputs');
const { maskText, maskValue } = require('./mask');
const { Status } = require('./status');

// rpa serve ends a cancelled run within a second by itself; this is the fallback for a bridge that hangs as a whole.
const CANCEL_WAIT_MS = 2000;

function levels(node) {
    const s = node.settingsNode || {};
    const own = (id) => node.config[model.property(id)];
    const pick = (mine, start, fallback) => (mine && mine !== 'Default' ? mine : start || fallback);
    return {
        error: pick(own('error_level'), s.error_level, 'Default'),
        message: pick(own('message_level'), s.message_level, 'Release'),
        language: s.language === 'ru' ? 'ru' : 'en'
    };
}

// The error as msg.error carries it: every field present (null when not known), so flows can rely on its shape.
function errorFields(error) {
    const out = { kind: null, fate: null, stage: null, code: null, enhanced: null, message: null, hint: null };
    return Object.assign(out, error);
}

function errorText(error, outputs) {
    if (outputs && outputs.error_text) return outputs.error_text;
    return [error.message, error.hint].filter(Boolean).join(' ');
}

function createBlockNode(RED, block, bridge) {
    const type = model.nodeType(block.id);
    const main = model.mainOutput(block);

    return function BlockNode(config) {
        RED.nodes.createNode(this, config);
        const node = this;
        node.config = config;
        node.settingsNode = config.settings ? RED.nodes.getNode(config.settings) : null;
        const parallel = Math.max(1, Number(node.settingsNode && node.settingsNode.parallel) || 4);
        const queue = [];  // entries in arrival order: {msg, send, done, started, runId, result}
        let active = 0;  // entries started and not finished
        const status = new Status(node, levels(node).language, block.status);
        // Each message is a run scope of rpa serve: Send email and the Save to Sent after it share one, so the Sent
        // message's secret handle resolves there; the scopes end when the flow stops, or when idle in rpa serve.
        const flow = node.z || 'global';
        // A node whose outputs go nowhere needs none kept (Send email then keeps no big message for nobody).
        const linked = (config.wires || []).some((w) => w.length) ? null : [];
        bridge.joinScope(flow);
        let closing = false;

        function log(entry, event) {
            const text = maskText(event.text, entry.secrets);
            if (event.level === 'warning') node.warn(text);
            else if (event.level === 'detailed') node.trace(text);
            else node.log(text);
        }

        function deliver(entry) {
            const { msg, send, done, result, lv } = entry;
            if (result.cancelled) return done();
            const secrets = entry.secrets;
            const outputs = maskValue(result.outputs || {}, secrets);
            for (const [k, v] of Object.entries(outputs)) if (v !== null && (k !== 'error_text' || v)) msg[k] = v;
            if (main && outputs[main] !== undefined) msg.payload = outputs[main];
            if (!result.error) return (send(msg), done());
            const error = errorFields(maskValue(result.error, secrets));
            msg.error_text = maskText(errorText(error, outputs), secrets);
            if (lv.error === 'Ignore') return (send(msg), done());
            if (lv.error === 'Handle' && node.config.outputs > 1) {
                msg.error = error;
                return (send([null, msg]), done());
            }
            const err = new Error(msg.error_text);
            Object.assign(err, { kind: error.kind, fate: error.fate, stage: error.stage, code: error.code });
            done(err);
        }

        function flush() {
            while (queue.length && queue[0].result) deliver(queue.shift());
            if (closing) {
                if (closed && !active) closed();
                return;
            }
            for (const entry of queue) {
                if (active >= parallel) break;
                if (!entry.started) start(entry);
            }
        }

        async function start(entry) {
            entry.started = true;
            active++;
            entry.lv = levels(node);
            const finish = (result) => {
                active--;
                entry.result = result;
                status.finished(result, entry.runId !== undefined);
                flush();
            };
            let read;
            try {
                read = await readInputs(RED, node, block, entry.msg, entry.lv.language);
            } catch (e) {
                return finish({ outputs: {}, error: { kind: 'internal', fate: 'not_sent', message: String(e) } });
            }
            entry.secrets = read.secrets;
            if (closing) return finish({ cancelled: true });
            if (read.problems.length) {
                return finish({ outputs: {}, error: { kind: 'invalid_input', fate: 'not_sent', stage: null,
                    message: read.problems.join('; '), hint: null } });
            }
            status.started();
            const lv = entry.lv;
            const settings = { error_level: lv.error, message_level: lv.message, language: lv.language };
            const scope = bridge.messageScope(flow, entry.msg._msgid);
            // msg.payload's fields are the diagram's variables: a template's places that Template values leaves
            // open are filled from them (a flow's data usually travels in the payload).
            const p = entry.msg.payload;
            const variables = p && typeof p === 'object' && !Array.isArray(p) && !Buffer.isBuffer(p) ? p : null;
            entry.runId = bridge.run(block.id, read.inputs, settings, scope, linked, variables, (event) => {
                    if (event.event === 'log') log(entry, event);
                    else if (event.event === 'progress') status.progress(event.done, event.total);
                    else if (event.event === 'done') finish({ outputs: event.outputs, error: event.error,
                        cancelled: closing });
                });
        }

        node.on('input', (msg, send, done) => {
            if (closing) return done();
            queue.push({ msg, send, done, secrets: [] });
            flush();
        });

        let closed = null;  // the close handler's done, called once nothing runs any more

        node.on('close', (removed, done) => {
            closing = true;
            bridge.leaveScope(flow);
            for (const e of queue) if (!e.started) e.result = { cancelled: true };
            for (const e of queue) if (e.runId && !e.result) bridge.cancel(e.runId);
            flush();
            if (!active) return done();
            const timer = setTimeout(() => bridge.restart(`${type} did not stop within a second of its cancel`),
                CANCEL_WAIT_MS);
            closed = () => (clearTimeout(timer), done());
        });
    };
}

module.exports = { createBlockNode };
