#include "diagram.hpp"

#include "suggest_blocks.hpp"

#include <cstdlib>
#include <fstream>
#include <set>

#include "convert.hpp"
#include "diagram_graph.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::host {

using sdk::Value;
using sdk::ValueType;

namespace {

std::string joinProblems(const std::vector<std::string>& problems) {
    std::string s = "invalid diagram:";
    for (const auto& p : problems) s += "\n  - " + p;
    return s;
}

class Loader {
public:
    Loader(const Registry& registry, const std::map<std::string, std::string>& overrides, bool from_program = false)
        : registry_(registry), overrides_(overrides), from_program_(from_program) {}

    Diagram load(const std::string& text) {
        Value root;
        try {
            root = sdk::json::parse(text);
        } catch (const sdk::json::ParseError& e) {
            throw InvalidDiagram({e.what()});
        }
        return load(root);
    }

    Diagram load(const Value& root) {
        if (root.type() != ValueType::Dictionary) throw InvalidDiagram({"the diagram must be a JSON object"});
        checkKeys(root, {"name", "description", "start", "variables", "blocks"}, "the diagram");
        if (const Value* n = root.find("name"); n && n->type() == ValueType::Text) d_.name = n->asText();
        readVariables(root.find("variables"));
        readStart(root.find("start"));
        readBlocks(root.find("blocks"));
        if (problems_.empty()) {
            for (auto& p : checkGraph(d_)) problems_.push_back(std::move(p));
        }
        if (!problems_.empty()) throw InvalidDiagram(problems_);
        return std::move(d_);
    }

private:
    void problem(std::string p) { problems_.push_back(std::move(p)); }

    void checkKeys(const Value& obj, const std::set<std::string>& known, const std::string& where) {
        for (const auto& m : obj.members())
            if (!known.count(m.key)) problem(where + ": unknown field \"" + m.key + "\"");
    }

    std::string text(const Value& obj, const char* key, const std::string& where) {
        const Value* v = obj.find(key);
        if (!v || v->isNull()) return {};
        if (v->type() != ValueType::Text) {
            problem(where + ": \"" + key + "\" must be text");
            return {};
        }
        return v->asText();
    }

    void readVariables(const Value* vars) {
        if (vars && vars->type() == ValueType::Dictionary) {
            for (const auto& m : vars->members()) d_.variables[m.key] = m.value;
        } else if (vars && !vars->isNull()) {
            problem("\"variables\" must be an object of name: value");
        }
        for (const auto& [name, value] : overrides_) d_.variables[name] = Value::text(value);
    }

    void readStart(const Value* start) {
        if (!start || start->type() != ValueType::Dictionary) {
            problem("the diagram needs a \"start\" object");
            return;
        }
        checkKeys(*start, {"error_level", "message_level", "language", "next"}, "start");
        try {
            d_.start.error = parseErrorLevel(text(*start, "error_level", "start")).value_or(sdk::ErrorLevel::Stop);
            d_.start.message = parseMessageLevel(text(*start, "message_level", "start")).value_or(sdk::MessageLevel::Release);
        } catch (const std::invalid_argument& e) {
            problem(std::string("start: ") + e.what());
        }
        std::string lang = text(*start, "language", "start");
        if (!lang.empty() && lang != "ru" && lang != "en") problem("start: language must be \"ru\" or \"en\"");
        if (!lang.empty()) d_.language = lang;
        d_.first = text(*start, "next", "start");
    }

    void readBlocks(const Value* blocks) {
        if (!blocks || blocks->type() != ValueType::Dictionary) {
            problem("the diagram needs a \"blocks\" object (block id: block)");
            return;
        }
        if (blocks->members().size() > kMaxDiagramBlocks)
            problem("the diagram has more than " + std::to_string(kMaxDiagramBlocks) + " blocks");
        for (const auto& m : blocks->members()) readBlock(m.key, m.value);
    }

    void readBlock(const std::string& id, const Value& spec) {
        std::string where = "block \"" + id + "\"";
        if (spec.type() != ValueType::Dictionary) {
            problem(where + " must be an object");
            return;
        }
        checkKeys(spec, {"type", "inputs", "next", "on_error", "title"}, where);
        DiagramBlock b;
        b.id = id;
        std::string type = text(spec, "type", where);
        b.block = registry_.find(type);
        if (!b.block) {
            const std::string& lang = d_.language;
            problem(where + say(lang, ": unknown block type \"", ": неизвестный тип блока \"") + type + "\"" +
                    sdk::didYouMean(type, blockSuggestables(registry_, lang), lang));
            return;
        }
        b.next = text(spec, "next", where);
        b.on_error = text(spec, "on_error", where);
        if (const Value* inputs = spec.find("inputs")) {
            if (inputs->type() != ValueType::Dictionary) problem(where + ": \"inputs\" must be an object");
            else
                for (const auto& m : inputs->members()) readInput(b, m.key, m.value);
        }
        for (const auto& port : b.block->descriptor.inputs)
            if (port.required && !b.inputs.count(port.id) && port.default_value.isNull())
                problem(where + ", port \"" + port.id + "\" (" + port.title.in(d_.language) +
                        say(d_.language, "): a value is required", "): нужно значение"));
        d_.blocks[id] = std::move(b);
    }

    void readInput(DiagramBlock& b, const std::string& port_id, const Value& v) {
        std::string where = "block \"" + b.id + "\", port \"" + port_id + "\"";
        const sdk::Port* port = b.block->descriptor.input(port_id);
        if (!port) {
            const std::string& lang = d_.language;
            problem(where + say(lang, ": block type ", ": у блока типа ") + b.block->descriptor.id +
                    say(lang, " has no such input", " нет такого входа") +
                    sdk::didYouMean(port_id, portSuggestables(b.block->descriptor, lang), lang));
            return;
        }
        InputSource src;
        if (v.type() == ValueType::Dictionary && v.members().size() == 1 && v.members()[0].key[0] == '$') {
            const sdk::Member& ref = v.members()[0];
            if (from_program_) {
                problem(where + ": " + ref.key + " references are not taken here; give the value itself");
                return;
            }
            if (ref.value.type() != ValueType::Text || ref.value.asText().empty()) {
                problem(where + ": " + ref.key + " needs a name");
                return;
            }
            src.name = ref.value.asText();
            if (ref.key == "$env") {
                src.kind = InputSource::Kind::Environment;
                if (!std::getenv(src.name.c_str())) problem(where + ": environment variable " + src.name + " is not set");
            } else if (ref.key == "$var") {
                src.kind = InputSource::Kind::Variable;
                if (!d_.variables.count(src.name)) problem(where + ": variable \"" + src.name + "\" is not declared");
                else if (port->secret) problem(where + ": a secret comes from {\"$env\": ...}, not from a variable");
            } else if (ref.key == "$link") {
                src.kind = InputSource::Kind::Link;
                size_t dot = src.name.find('.');
                if (dot == std::string::npos) {
                    problem(where + ": $link must be \"block.port\"");
                    return;
                }
                src.block = src.name.substr(0, dot);
                src.port = src.name.substr(dot + 1);
            } else {
                problem(where + ": unknown reference " + ref.key + " (use $var, $env or $link)");
                return;
            }
        } else {
            if (port->secret && !from_program_ && !(v.type() == ValueType::Text && v.asText().empty())) {
                problem(where + ": a secret must not be written into the diagram; use {\"$env\": \"NAME\"}");
                return;
            }
            Converted c = convertForPort(*port, v, d_.language);
            if (!c.ok()) {
                problem(where + " " + c.error);
                return;
            }
            src.literal = c.value;
            // The converted value: the Enum's own spelling, whatever case and spaces the file used.
            if (port_id == sdk::standard_ports::kErrorLevel && c.value.type() == ValueType::Text)
                b.error_level = parseErrorLevel(c.value.asText());
            if (port_id == sdk::standard_ports::kMessageLevel && c.value.type() == ValueType::Text)
                b.message_level = parseMessageLevel(c.value.asText());
        }
        b.inputs[port_id] = std::move(src);
    }

    const Registry& registry_;
    const std::map<std::string, std::string>& overrides_;
    const bool from_program_;  // no file is written: secrets come inline, references are the caller's business
    Diagram d_;
    std::vector<std::string> problems_;
};

}  // namespace

InvalidDiagram::InvalidDiagram(const std::vector<std::string>& p) : std::runtime_error(joinProblems(p)), problems(p) {}

Diagram loadDiagram(const std::string& json_text, const Registry& registry,
                    const std::map<std::string, std::string>& overrides) {
    if (json_text.size() > kMaxDiagramBytes)
        throw InvalidDiagram({"the diagram file is larger than " + std::to_string(kMaxDiagramBytes / 1024 / 1024) + " MB"});
    return Loader(registry, overrides).load(json_text);
}

Diagram loadProgramDiagram(const Value& root, const Registry& registry) {
    static const std::map<std::string, std::string> kNoOverrides;
    return Loader(registry, kNoOverrides, true).load(root);
}

Diagram loadDiagramFile(const std::string& path, const Registry& registry,
                        const std::map<std::string, std::string>& overrides) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InvalidDiagram({"cannot read diagram file " + path});
    // Read a chunk at a time up to one byte past the limit, so an oversized file is reported, not silently
    // truncated (and a small one costs no 4 MB buffer).
    std::string buf;
    char chunk[64 * 1024];
    while (buf.size() <= kMaxDiagramBytes && in.read(chunk, sizeof chunk).gcount() > 0)
        buf.append(chunk, static_cast<size_t>(in.gcount()));
    if (buf.size() > kMaxDiagramBytes + 1) buf.resize(kMaxDiagramBytes + 1);
    return loadDiagram(buf, registry, overrides);
}

}  // namespace mailblock::host
