#include "report.hpp"

#include <iomanip>
#include <ostream>

#include "levels.hpp"
#include "mailblock/sdk/descriptor_json.hpp"

namespace mailblock::host {

using sdk::Value;
using sdk::ValueType;

namespace {

std::string shorten(std::string s, size_t max) {
    for (auto& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s.size() > max ? s.substr(0, max) + "..." : s;
}

std::string summary(const Value& v) {
    switch (v.type()) {
        case ValueType::Object:
        case ValueType::Dictionary: {
            std::string keys;
            for (const auto& m : v.members()) keys += (keys.empty() ? "" : ", ") + m.key;
            return std::string(sdk::typeName(v.type())) + " {" + keys + "}";
        }
        case ValueType::List: return "List of " + std::to_string(v.items().size());
        default: return shorten(sdk::json::write(v, sdk::json::Form::Display), 160);
    }
}

}  // namespace

void printOutcomes(std::ostream& out, const RunResult& r, const SecretMask& mask) {
    for (const auto& b : r.blocks) {
        out << (b.ok ? "ok    " : "ERROR ") << b.id << " (" << b.type << ") " << std::fixed << std::setprecision(0)
            << b.milliseconds << " ms";
        if (!b.ok) out << " [error level " << levelName(b.error_level) << "]";
        out << "\n";
        for (const auto& m : b.outputs) {
            if (m.value.isNull() || m.key == sdk::standard_ports::kErrorText) continue;
            out << "      " << m.key << ": " << mask.apply(summary(m.value)) << "\n";
        }
        // The error in full: it is what the user has to act on.
        if (!b.ok) {
            std::string text = mask.apply(b.error->text());
            for (size_t pos = 0; (pos = text.find('\n', pos)) != std::string::npos; pos += 7) text.replace(pos, 1, "\n      ");
            out << "      " << text << "\n";
        }
    }
    out << (r.completed ? "diagram completed" : "diagram stopped by an error") << "\n";
}

std::string resultJson(const RunResult& r, const SecretMask& mask) {
    Value root = Value::dictionary();
    root.set("status", Value::text(r.completed ? "completed" : "stopped"));
    std::vector<Value> blocks;
    for (const auto& b : r.blocks) {
        Value v = Value::dictionary();
        v.set("id", Value::text(b.id));
        v.set("type", Value::text(b.type));
        v.set("status", Value::text(b.ok ? "ok" : "error"));
        v.set("milliseconds", Value::number(static_cast<long long>(b.milliseconds)));
        if (!b.ok) {
            v.set("error_level", Value::text(levelName(b.error_level)));
            v.set("error", b.error->toValue());
        }
        v.set("outputs", Value::dictionary(b.outputs));
        blocks.push_back(std::move(v));
    }
    root.set("blocks", Value::list(blocks));
    return mask.apply(sdk::json::write(root, sdk::json::Form::Display, 2));
}

void printDescription(std::ostream& out, const sdk::BlockDescriptor& d, const std::string& lang) {
    bool ru = lang != "en";
    out << d.id << " " << d.version << ": " << d.title.in(lang) << " (" << (ru ? d.title.en : d.title.ru) << ")\n";
    out << d.description.in(lang) << "\n";
    // The ports of `group` ("": those without one), in the descriptor's order.
    auto ports = [&](const std::vector<sdk::Port>& list, const std::string& group) {
        for (const auto& p : list) {
            if (p.group != group) continue;
            out << "  " << p.id << " — " << p.title.in(lang) << " [" << sdk::portTypesText(p) << "]";
            if (p.required) out << (ru ? ", обязательный" : ", required");
            if (!p.default_value.isNull())
                out << (ru ? ", по умолчанию " : ", default ") << sdk::json::write(p.default_value, sdk::json::Form::Display);
            if (!p.enum_values.empty()) {
                out << (ru ? ", значения: " : ", one of: ");
                for (size_t i = 0; i < p.enum_values.size(); ++i) out << (i ? " / " : "") << p.enum_values[i];
            }
            out << "\n      " << p.description.in(lang) << "\n";
        }
    };
    out << "\n" << (ru ? "Входы" : "Inputs") << ":\n";
    ports(d.inputs, "");
    for (const auto& g : d.groups) {
        out << " " << g.title.in(lang) << ":\n";
        ports(d.inputs, g.id);
    }
    out << "\n" << (ru ? "Выходы" : "Outputs") << ":\n";
    ports(d.outputs, "");
}

std::string descriptionJson(const sdk::BlockDescriptor& d) {
    return sdk::json::write(sdk::descriptorToValue(d), sdk::json::Form::Plain, 2) + "\n";
}

Value pluginsValue(const Registry& registry) {
    std::vector<Value> plugins;
    for (const auto& p : registry.plugins()) {
        Value pv = Value::dictionary();
        pv.set("id", Value::text(p->id()));
        pv.set("version", Value::text(p->version()));
        std::vector<Value> blocks;
        for (const auto& b : p->blocks()) blocks.push_back(sdk::descriptorToValue(b.descriptor));
        pv.set("blocks", Value::list(blocks));
        if (!p->data().isNull()) pv.set("data", p->data());
        plugins.push_back(std::move(pv));
    }
    return Value::list(plugins);
}

std::string abiText() { return std::to_string(MAILBLOCK_ABI_MAJOR) + "." + std::to_string(MAILBLOCK_ABI_MINOR); }

std::string manifestJson(const Registry& registry) {
    Value root = Value::dictionary();
    root.set("manifest_version", Value::number(1));
    root.set("abi", Value::text(abiText()));
    root.set("plugins", pluginsValue(registry));
    return sdk::json::write(root, sdk::json::Form::Plain, 2) + "\n";
}

}  // namespace mailblock::host
