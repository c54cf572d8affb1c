'use strict';
// One `rpa serve` child for the whole Node-RED runtime: one JSON request per stdin line, one JSON event per stdout
// line (docs/serve-protocol.md). Runs are told apart by id, so many can be in flight; the SMTP connection pool
// lives in the child across runs. A child that dies (crash, kill, hang ended from outside) fails every run in
// flight with a clear error and is started again on the next run: a block can never take Node-RED down.
const { spawn } = require('child_process');
const readline = require('readline');
const { findRpa } = require('./locate');

// rpa serve keeps 4096 scopes at most and ends idle ones itself; remembering as many is enough.
const MAX_REMEMBERED_SCOPES = 4096;

class Bridge {
    // log: {warn(text), debug(text)} for the child's own stderr lines and lifecycle.
    constructor(log, env = process.env) {
        this.log = log;
        this.env = env;
        this.child = null;
        this.runs = new Map();  // id -> {onEvent}
        this.scopes = new Map();  // flow -> nodes using it
        this.messageScopes = new Map();  // flow -> the run scopes of its messages, oldest first
        this.nextId = 1;
    }

    start() {
        if (this.child) return this.child;
        const tried = [];
        const rpa = findRpa(this.env, tried);
        if (!rpa) {
            throw new Error(`rpa not found (tried ${tried.join(', ') || 'nothing'}); install mailblock, put rpa on ` +
                'PATH or set MAILBLOCK_RPA');
        }
        const child = spawn(rpa, ['serve'], { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
        this.child = child;
        child.stdin.on('error', () => {});  // a dead child's pipe: its exit handler reports it
        readline.createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
        readline.createInterface({ input: child.stderr }).on('line', (line) => this.log.debug(`rpa serve: ${line}`));
        const gone = (why) => {
            if (this.child !== child) return;
            this.child = null;
            this.failAll(why);
        };
        child.on('error', (e) => gone(`could not run ${rpa}: ${e.message}`));
        child.on('exit', (code, signal) => {
            gone(`rpa serve stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`);
        });
        this.log.debug(`started ${rpa} serve (pid ${child.pid})`);
        return child;
    }

    onLine(line) {
        let event;
        try {
            event = JSON.parse(line);
        } catch (e) {
            this.log.warn(`rpa serve wrote a line that is not JSON: ${line.slice(0, 200)}`);
            return;
        }
        const run = event.id !== undefined && this.runs.get(String(event.id));
        if (!run) {
            if (event.event === 'error') this.log.warn(`rpa serve refused a request: ${event.message}`);
            return;
        }
        if (event.event === 'error') {  // a request it could not take: the run ends here
            event = { id: event.id, event: 'done', outputs: {}, error: { kind: 'protocol', fate: 'not_sent',
                message: `rpa serve refused the run: ${event.message}`, hint: null } };
        }
        if (event.event === 'done') this.runs.delete(String(event.id));
        run.onEvent(event);
    }

    failAll(why) {
        const runs = [...this.runs.entries()];
        this.runs.clear();
        for (const [id, run] of runs) {
            run.onEvent({ id, event: 'done', outputs: {}, error: {
                kind: 'bridge_stopped', fate: 'unknown', stage: null, code: null, enhanced: null,
                message: `The mailblock runtime stopped during this run: ${why}.`,
                hint: 'The message may or may not have been sent: check before resending. The runtime is started ' +
                    'again for the next message.'
            } });
        }
    }

    send(request) {
        this.child.stdin.write(JSON.stringify(request) + '\n');
    }

    // Starts a block run; onEvent gets its log, progress and (exactly once) done events. `linked`: the outputs
    // someone reads (null: all). Returns the run's id.
    run(block, inputs, settings, scope, linked, variables, onEvent) {
        const id = String(this.nextId++);
        try {
            this.start();
        } catch (e) {
            setImmediate(() => onEvent({ id, event: 'done', outputs: {}, error: { kind: 'bridge_missing',
                fate: 'not_sent', message: e.message, hint: null } }));
            return id;
        }
        this.runs.set(id, { onEvent });
        const request = { op: 'run', id, block, inputs, settings, scope };
        if (linked) request.linked = linked;
        if (variables) request.variables = variables;
        this.send(request);
        return id;
    }

    cancel(id) {
        if (this.child && this.runs.has(id)) this.send({ op: 'cancel', id });
    }

    // A node joins its flow when it starts and leaves it when it closes; when the last node of a flow has left, the
    // run scopes of the flow's messages end (their object handles, and what the plugin kept for them).
    joinScope(flow) {
        this.scopes.set(flow, (this.scopes.get(flow) || 0) + 1);
    }

    leaveScope(flow) {
        const left = (this.scopes.get(flow) || 1) - 1;
        if (left > 0) return this.scopes.set(flow, left);
        this.scopes.delete(flow);
        for (const scope of this.messageScopes.get(flow) || []) if (this.child) this.send({ op: 'end_scope', scope });
        this.messageScopes.delete(flow);
    }

    // The run scope of one message of a flow. rpa serve also ends a scope once it has been idle for a while, so
    // only the most recent ones are remembered here for the flow's end.
    messageScope(flow, msgid) {
        const scope = `${flow}/${msgid || 'no-id'}`;
        const known = this.messageScopes.get(flow) || new Set();
        this.messageScopes.set(flow, known);
        known.delete(scope);
        known.add(scope);
        if (known.size > MAX_REMEMBERED_SCOPES) known.delete(known.values().next().value);
        return scope;
    }

    inFlight() {
        return this.runs.size;
    }

    // Kills a child that does not answer (a block ignoring its cancel): its runs fail with `why`; the next run
    // starts a new one.
    restart(why) {
        const child = this.child;
        if (!child) return;
        this.child = null;
        this.failAll(why);
        child.kill('SIGKILL');
    }

    // Ends the child: a shutdown request and EOF; runs still in flight fail.
    stop() {
        const child = this.child;
        if (!child) return;
        this.send({ op: 'shutdown' });
        child.stdin.end();
    }
}

module.exports = { Bridge };
