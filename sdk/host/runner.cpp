#include "runner.hpp"

#include <chrono>
#include <cstdlib>

#include "convert.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

using sdk::Value;

namespace {

struct Inputs {
    std::map<std::string, Value> values;
    std::vector<std::string> problems;
};

Value sourceValue(const InputSource& src, const Diagram& d, const std::map<std::string, BlockOutcome*>& done) {
    switch (src.kind) {
        case InputSource::Kind::Literal: return src.literal;
        case InputSource::Kind::Variable: return d.variables.at(src.name);
        case InputSource::Kind::Environment: {
            const char* v = std::getenv(src.name.c_str());
            return v ? Value::text(v) : Value();
        }
        case InputSource::Kind::Link: {
            auto it = done.find(src.block);
            if (it == done.end()) return Value();
            for (const auto& m : it->second->outputs)
                if (m.key == src.port) return m.value;
            return Value();
        }
    }
    return Value();
}

// Teaches the mask every secret inside a value (a linked Object may carry one).
void learnSecrets(const Value& v, SecretMask& mask) {
    switch (v.type()) {
        case sdk::ValueType::Secret: mask.add(v.asText()); break;
        case sdk::ValueType::List:
            for (const auto& item : v.items()) learnSecrets(item, mask);
            break;
        case sdk::ValueType::Dictionary:
        case sdk::ValueType::Object:
            for (const auto& m : v.members()) learnSecrets(m.value, mask);
            break;
        default: break;
    }
}

// Every input of the block, converted; problems name the port. Secrets are taught to the mask.
Inputs gatherInputs(const DiagramBlock& b, const Diagram& d, const std::map<std::string, BlockOutcome*>& done,
                    SecretMask& mask) {
    Inputs in;
    for (const auto& port : b.block->descriptor.inputs) {
        auto it = b.inputs.find(port.id);
        Value raw = it == b.inputs.end() ? Value() : sourceValue(it->second, d, done);
        if (raw.isNull()) raw = port.default_value;
        Converted c = convertForPort(port, raw, d.language);
        const std::string named = "port \"" + port.id + "\" (" + port.title.in(d.language) + ")";
        if (!c.ok()) {
            in.problems.push_back(named + " " + c.error);
            continue;
        }
        if (c.value.isNull() && port.required) {
            in.problems.push_back(named + (d.language == "ru" ? ": нужно значение" : ": a value is required"));
            continue;
        }
        learnSecrets(c.value, mask);
        if (!c.value.isNull()) in.values[port.id] = std::move(c.value);
    }
    return in;
}

void runBlock(const DiagramBlock& b, const Diagram& d, Inputs& in, const RunOptions& options, RunScope& scope,
              const SecretMask& mask, BlockOutcome& outcome) {
    mb_run_context ctx;
    if (b.block->plugin) scope.use(*b.block->plugin);
    ctx.run_scope = scope.id();
    ctx.block_id = b.id;
    ctx.descriptor = &b.block->descriptor;
    for (const auto& [port, v] : in.values) ctx.inputs[port] = sdk::json::write(v, sdk::json::Form::Wire);
    ctx.error_level = outcome.error_level;
    ctx.message_level = resolve(b.message_level, d.start);
    ctx.language = d.language;
    ctx.variables = &d.variables;
    ctx.mask = &mask;
    ctx.sink = &options.log;
    ctx.cancel = options.cancel;
    if (options.linked_outputs) ctx.linked_outputs = *options.linked_outputs;
    else
        for (const auto& [id, other] : d.blocks)
            for (const auto& [port, src] : other.inputs)
                if (src.kind == InputSource::Kind::Link && src.block == b.id) ctx.linked_outputs.insert(src.port);

    if (!in.problems.empty()) {
        std::string msg;
        for (const auto& p : in.problems) msg += (msg.empty() ? "" : "; ") + p;
        ctx.error = sdk::BlockError{"invalid_input", msg, "", "", 0, "", "", ""};
    } else if (b.block->factory->run(hostApi(), &ctx) != 0 && !ctx.error) {
        ctx.error = sdk::BlockError{"internal",
                                    d.language == "ru" ? "блок завершился ошибкой, не сказав почему"
                                                       : "the block failed without saying why",
                                    "", "", 0, "", "", ""};
    }
    if (ctx.error) {
        // The mask covers errors too: a block must not be able to leak a secret through its message.
        ctx.error->message = mask.apply(ctx.error->message);
        ctx.error->server_text = mask.apply(ctx.error->server_text);
        outcome.ok = false;
        outcome.error = ctx.error;
        ctx.outputs[sdk::standard_ports::kErrorText] = Value::text(ctx.error->text());
    } else {
        ctx.outputs[sdk::standard_ports::kErrorText] = Value::text("");
    }
    for (const auto& port : b.block->descriptor.outputs) {
        auto it = ctx.outputs.find(port.id);
        outcome.outputs.push_back(sdk::Member{port.id, it == ctx.outputs.end() ? Value() : it->second});
    }
}

}  // namespace

RunResult runDiagram(const Diagram& d, const RunOptions& options, SecretMask& mask) {
    std::optional<RunScope> own_scope;
    RunScope& scope = options.scope ? *options.scope : own_scope.emplace();
    RunResult result;
    std::map<std::string, BlockOutcome*> done;
    result.blocks.reserve(d.blocks.size());
    for (std::string id = d.first; !id.empty();) {
        const DiagramBlock& b = d.block(id);
        result.blocks.emplace_back();
        result.blocks.back().id = b.id;
        result.blocks.back().type = b.block->descriptor.id;
        BlockOutcome& outcome = result.blocks.back();
        outcome.error_level = resolve(b.error_level, d.start);
        done[b.id] = &outcome;

        auto started = std::chrono::steady_clock::now();
        Inputs in = gatherInputs(b, d, done, mask);
        runBlock(b, d, in, options, scope, mask, outcome);
        outcome.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();

        if (outcome.ok || outcome.error_level == sdk::ErrorLevel::Ignore) {
            id = b.next;
        } else if (outcome.error_level == sdk::ErrorLevel::Handle && !b.on_error.empty()) {
            id = b.on_error;
        } else {
            result.completed = false;
            break;
        }
        if (options.cancel && options.cancel->load()) {
            result.completed = false;
            break;
        }
    }
    return result;
}

}  // namespace mailblock::host
