#include "serve_run.hpp"

#include <set>

#include "diagram.hpp"
#include "mailblock/sdk/json.hpp"
#include "runner.hpp"

namespace mailblock::host {

using sdk::Value;
using sdk::ValueType;

void EventWriter::write(const Value& event, const SecretMask* mask) {
    // Display form: a secret anywhere in an event is "***"; the mask then covers secrets inside texts.
    std::string line = sdk::json::write(event, sdk::json::Form::Display);
    if (mask) line = mask->apply(std::move(line));
    line += '\n';
    std::lock_guard<std::mutex> lock(mutex_);
    // A failed write means the client is gone; the next read of stdin ends the process.
    (void)std::fwrite(line.data(), 1, line.size(), out_);
    (void)std::fflush(out_);
}

bool emitForRun(ServeRun& run, EventWriter& writer, const Value& event, bool done, const SecretMask* mask) {
    std::lock_guard<std::mutex> lock(run.mutex);
    if (run.closed) return false;
    writer.write(event, mask);
    if (done) {
        run.closed = true;
        run.closed_cv.notify_all();
    }
    return true;
}

namespace {

Value event(const std::string& id, const char* name) {
    return Value::dictionary({{"id", Value::text(id)}, {"event", Value::text(name)}});
}

Value outputsOf(const LoadedBlock* block, const std::string& error_text) {
    Value outputs = Value::dictionary();
    if (!block) return outputs;
    for (const auto& port : block->descriptor.outputs)
        outputs.set(port.id, port.id == sdk::standard_ports::kErrorText ? Value::text(error_text) : Value());
    return outputs;
}

Value errorValue(const std::string& kind, const std::string& message) {
    return Value::dictionary({{"kind", Value::text(kind)}, {"message", Value::text(message)}});
}

const Value* member(const Value& v, const char* key, ValueType type) {
    const Value* m = v.find(key);
    return m && m->type() == type ? m : nullptr;
}

const char* levelName(int level) {
    switch (level) {
        case MB_LOG_DETAILED:
            return "detailed";
        case MB_LOG_WARNING:
            return "warning";
        default:
            return "debug";
    }
}

// The inputs with each Object port's handle replaced by the object it stands for. Problems name the port.
Value resolveHandles(const Value& inputs, const LoadedBlock& block, const ObjectHandles& handles,
                     std::vector<std::string>& problems) {
    Value out = Value::dictionary();
    for (const auto& m : inputs.members()) {
        const sdk::Port* port = block.descriptor.input(m.key);
        if (!port || !port->accepts(sdk::PortType::Object) || m.value.isNull()) {
            out.set(m.key, m.value);
            continue;
        }
        const Value* handle =
            m.value.type() == ValueType::Dictionary ? member(m.value, "$handle", ValueType::Text) : nullptr;
        std::optional<Value> object = handle ? handles.find(handle->asText()) : std::nullopt;
        if (object)
            out.set(m.key, *object);
        else
            problems.push_back("port \"" + m.key + "\" (" + port->title.en + ") " +
                               (handle ? "names an object this rpa serve process no longer keeps (it was restarted, "
                                         "or the object's scope ended): run the block that made it again"
                                       : "takes an object output of an earlier run, with its \"$handle\""));
    }
    return out;
}

// The diagram of one block: the Start block's levels and language come from the request's settings, the
// diagram's variables from its "variables".
Value diagramOf(const std::string& block, const Value& inputs, const Value* settings, const Value* variables) {
    Value start = Value::dictionary({{"next", Value::text(block)}});
    if (settings)
        for (const char* key : {"error_level", "message_level", "language"})
            if (const Value* v = settings->find(key)) start.set(key, *v);
    Value spec = Value::dictionary({{"type", Value::text(block)}, {"inputs", inputs}});
    Value diagram = Value::dictionary({{"start", start}, {"blocks", Value::dictionary({{block, spec}})}});
    if (variables) diagram.set("variables", *variables);
    return diagram;
}

// Progress events only when the percentage moves (or each MB when the total is unknown): a 10 MB attachment
// makes a hundred events, not thousands.
class ProgressThrottle {
public:
    bool due(uint64_t done, uint64_t total) {
        uint64_t step = total ? done * 100 / total : done >> 20;
        if (started_ && step == last_ && done != total) return false;
        started_ = true;
        last_ = step;
        return true;
    }

private:
    bool started_ = false;
    uint64_t last_ = 0;
};

Value doneEvent(ServeRun& run, const BlockOutcome& outcome, ObjectHandles& handles) {
    Value outputs = Value::dictionary();
    for (const auto& m : outcome.outputs) {
        if (m.value.type() != ValueType::Object) {
            outputs.set(m.key, m.value);
            continue;
        }
        Value shown = Value::dictionary({{"$handle", Value::text(handles.keep(m.value, run.scope))}});
        for (const auto& field : m.value.members()) shown.set(field.key, field.value);
        outputs.set(m.key, shown);
    }
    Value error;
    if (!outcome.ok) {
        error = outcome.error->toValue();
        // Whatever a cancelled block failed with (a closed socket, a timeout), the run ended because it was asked to.
        if (run.cancel.load()) error.set("kind", Value::text("cancelled"));
    }
    Value done = event(run.id, "done");
    done.set("outputs", outputs);
    done.set("error", error);
    return done;
}

void runRequest(ServeRun& run, ServeShared& shared) {
    const Value& request = run.request;
    const Value* block_id = member(request, "block", ValueType::Text);
    const LoadedBlock* block = block_id ? shared.registry.find(block_id->asText()) : nullptr;
    if (!block) {
        std::string message = block_id ? "no block \"" + block_id->asText() + "\" in the loaded plugins"
                                       : "the run request has no \"block\"";
        emitForRun(run, shared.writer, failedDone(run.id, nullptr, "invalid_input", message), true, nullptr);
        return;
    }
    const Value* inputs = member(request, "inputs", ValueType::Dictionary);
    std::vector<std::string> problems;
    Value resolved = resolveHandles(inputs ? *inputs : Value::dictionary(), *block, shared.handles, problems);
    Diagram diagram;
    try {
        diagram = loadProgramDiagram(
            diagramOf(block->descriptor.id, resolved, member(request, "settings", ValueType::Dictionary),
                      member(request, "variables", ValueType::Dictionary)),
            shared.registry);
    } catch (const InvalidDiagram& e) {
        problems.insert(problems.end(), e.problems.begin(), e.problems.end());
    }
    if (!problems.empty()) {
        std::string message;
        for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p;
        emitForRun(run, shared.writer, failedDone(run.id, block, "invalid_input", message), true, nullptr);
        return;
    }

    std::set<std::string> linked;
    for (const auto& port : block->descriptor.outputs) linked.insert(port.id);
    if (const Value* list = member(request, "linked", ValueType::List)) {
        linked.clear();
        for (const auto& item : list->items())
            if (item.type() == ValueType::Text) linked.insert(item.asText());
    }
    ProgressThrottle throttle;
    RunOptions options;
    options.cancel = &run.cancel;
    options.linked_outputs = &linked;
    options.scope = run.run_scope;  // none: the run's own, ended when it returns
    options.log.line = [&](int level, const std::string& text) {
        Value e = event(run.id, "log");
        e.set("level", Value::text(levelName(level)));
        e.set("text", Value::text(text));
        emitForRun(run, shared.writer, e, false, &run.mask);
    };
    options.log.progress = [&](uint64_t done, uint64_t total) {
        if (!throttle.due(done, total)) return;
        Value e = event(run.id, "progress");
        e.set("done", Value::number(static_cast<double>(done)));
        e.set("total", Value::number(static_cast<double>(total)));
        emitForRun(run, shared.writer, e, false, nullptr);
    };
    RunResult result = runDiagram(diagram, options, run.mask);
    const Value done = doneEvent(run, result.blocks.front(), shared.handles);  // its handles, while the scope holds
    shared.leave_scope(run);
    emitForRun(run, shared.writer, done, true, &run.mask);
}

}  // namespace

Value failedDone(const std::string& id, const LoadedBlock* block, const std::string& kind, const std::string& message) {
    Value done = event(id, "done");
    done.set("outputs", outputsOf(block, message));
    done.set("error", errorValue(kind, message));
    return done;
}

void executeRun(ServeRun& run, ServeShared& shared) {
    try {
        runRequest(run, shared);
    } catch (const std::exception& e) {
        emitForRun(run, shared.writer, failedDone(run.id, nullptr, "internal", std::string("rpa serve: ") + e.what()),
                   true, &run.mask);
    }
}

}  // namespace mailblock::host
