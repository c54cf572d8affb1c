#include "runner.hpp"

#include <chrono>
#include <cstdlib>

#include "convert.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

using sdk::Value;

namespace {

// The value a port's source gives now; nullptr when it gives none. `env` keeps an environment variable's text.
const Value* sourceValue(const InputSource& src, const Diagram& d, const std::map<std::string, BlockOutcome*>& done,
                         Value& env) {
    switch (src.kind) {
        case InputSource::Kind::Literal: return &src.literal;
        case InputSource::Kind::Variable: return &d.variables.at(src.name);
        case InputSource::Kind::Environment: {
            const char* v = std::getenv(src.name.c_str());
            if (!v) return nullptr;
            env = Value::text(v);
            return &env;
        }
        case InputSource::Kind::Link: {
            auto it = done.find(src.block);
            if (it == done.end()) return nullptr;
            for (const auto& m : it->second->outputs)
                if (m.key == src.port) return &m.value;
            return nullptr;
        }
    }
    return nullptr;
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

// Converts p.raw for the port: p.value, or p.problem naming the port.
void convertInput(const sdk::Port& port, const std::string& lang, InputCache::Port& p) {
    Converted c = convertForPort(port, p.raw, lang);
    auto named = [&] { return "port \"" + port.id + "\" (" + port.title.in(lang) + ")"; };
    p.value = Value();
    p.problem.clear();
    if (!c.ok())
        p.problem = named() + " " + c.error;
    else if (c.value.isNull() && port.required)
        p.problem = named() + (lang == "ru" ? ": нужно значение" : ": a value is required");
    else
        p.value = std::move(c.value);
}

// Brings the block's inputs in `cache` up to date: a port whose value changed since the last run is converted and
// written in wire form again. Returns the problems, each naming its port; the mask learns every secret.
std::vector<std::string> gatherInputs(const DiagramBlock& b, const Diagram& d,
                                      const std::map<std::string, BlockOutcome*>& done, InputCache::Block& cache,
                                      SecretMask& mask) {
    std::vector<std::string> problems;
    Value env;
    const auto& ports = b.block->descriptor.inputs;
    cache.ports.resize(ports.size());
    if (cache.of != &b || cache.sources_given != b.inputs.size()) {
        cache.of = &b;
        cache.sources_given = b.inputs.size();
        cache.sources.assign(ports.size(), nullptr);
        for (size_t i = 0; i < ports.size(); ++i) {
            auto source = b.inputs.find(ports[i].id);
            if (source != b.inputs.end()) cache.sources[i] = &source->second;
        }
    }
    for (size_t i = 0; i < ports.size(); ++i) {
        const sdk::Port& port = ports[i];
        const Value* given = cache.sources[i] ? sourceValue(*cache.sources[i], d, done, env) : nullptr;
        const Value& raw = given && !given->isNull() ? *given : port.default_value;
        InputCache::Port& p = cache.ports[i];
        if (!p.converted || p.raw != raw) {
            p.converted = true;
            p.raw = raw;
            convertInput(port, d.language, p);
            if (p.value.isNull())
                cache.given.erase(port.id);
            else
                cache.given[port.id] = PortInput{sdk::json::write(p.value, sdk::json::Form::Wire), &p.value};
        }
        if (!p.problem.empty()) problems.push_back(p.problem);
        learnSecrets(p.value, mask);
    }
    return problems;
}

void runBlock(const DiagramBlock& b, const Diagram& d, InputCache::Block& inputs, const std::vector<std::string>& problems,
              const RunOptions& options, RunScope& scope, const SecretMask& mask, BlockOutcome& outcome) {
    mb_run_context ctx;
    if (b.block->plugin) scope.use(*b.block->plugin);
    ctx.run_scope = scope.id();
    ctx.block_id = b.id;
    ctx.descriptor = &b.block->descriptor;
    ctx.error_level = outcome.error_level;
    ctx.message_level = resolve(b.message_level, d.start);
    ctx.language = d.language;
    ctx.variables = &d.variables;
    ctx.mask = &mask;
    ctx.sink = &options.log;
    ctx.cancel = options.cancel;
    ctx.outputs_reported = options.outputs_reported;
    if (options.linked_outputs) ctx.linked_outputs = *options.linked_outputs;
    else
        for (const auto& [id, other] : d.blocks)
            for (const auto& [port, src] : other.inputs)
                if (src.kind == InputSource::Kind::Link && src.block == b.id) ctx.linked_outputs.insert(src.port);

    if (!problems.empty()) {
        std::string msg;
        for (const auto& p : problems) msg += (msg.empty() ? "" : "; ") + p;
        ctx.error = sdk::BlockError{"invalid_input", msg, "", "", 0, "", "", ""};
    } else {
        ctx.inputs.swap(inputs.given);  // lent to the block for its run (run() never throws), then taken back
        const int status = b.block->factory->run(hostApi(), &ctx);
        ctx.inputs.swap(inputs.given);
        if (status != 0 && !ctx.error)
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
        outcome.outputs.push_back(sdk::Member{port.id, it == ctx.outputs.end() ? Value() : std::move(it->second)});
    }
}

}  // namespace

RunResult runDiagram(const Diagram& d, const RunOptions& options, SecretMask& mask) {
    std::optional<RunScope> own_scope;
    RunScope& scope = options.scope ? *options.scope : own_scope.emplace();
    std::optional<InputCache> own_inputs;
    InputCache& inputs = options.inputs ? *options.inputs : own_inputs.emplace();
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
        InputCache::Block& block_inputs = inputs.block(b.id);
        const std::vector<std::string> problems = gatherInputs(b, d, done, block_inputs, mask);
        runBlock(b, d, block_inputs, problems, options, scope, mask, outcome);
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
