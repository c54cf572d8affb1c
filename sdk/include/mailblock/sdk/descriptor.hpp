// A block describes itself as data: ports with types, defaults and Russian/English titles.
// The manifest, `rpa describe`, the help and the host's input validation are all generated from this.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "mailblock/sdk/value.hpp"

namespace mailblock::sdk {

struct Localized {
    std::string ru;
    std::string en;
    const std::string& in(const std::string& lang) const { return lang == "en" ? en : ru; }
};

enum class PortType { Text, Number, Boolean, SecureString, List, Dictionary, Object, Enum };

inline const char* portTypeName(PortType t) {
    switch (t) {
        case PortType::Text: return "Text";
        case PortType::Number: return "Number";
        case PortType::Boolean: return "Boolean";
        case PortType::SecureString: return "SecureString";
        case PortType::List: return "List";
        case PortType::Dictionary: return "Dictionary";
        case PortType::Object: return "Object";
        case PortType::Enum: return "Enum";
    }
    return "?";
}

inline std::optional<PortType> portTypeFromName(const std::string& name) {
    for (PortType t : {PortType::Text, PortType::Number, PortType::Boolean, PortType::SecureString, PortType::List,
                       PortType::Dictionary, PortType::Object, PortType::Enum})
        if (name == portTypeName(t)) return t;
    return std::nullopt;
}

// One port. Built fluently: Port::input("port", {"Порт", "Port"}, {PortType::Number}).integer(1, 65535)...
struct Port {
    std::string id;
    Localized title;
    std::vector<PortType> types;  // accepted types; the first is the one other values convert to
    bool required = false;
    bool secret = false;  // its value is masked everywhere, whatever its type
    Value default_value;  // Null when there is no default
    Localized description;
    std::vector<std::string> enum_values;  // for PortType::Enum, in display order
    bool integer = false;
    std::optional<double> min, max;
    std::string group;  // id of one of the block's groups (BlockDescriptor::groups); empty: ungrouped
    // Non-empty: the value is the name of a shared setting of this kind kept outside the diagram (e.g. "connection",
    // a named connection), so an editor may offer it as a shared object (a Node-RED config node).
    std::string shared;

    static Port make(std::string id, Localized title, std::vector<PortType> types) {
        Port p;
        p.id = std::move(id);
        p.title = std::move(title);
        p.types = std::move(types);
        return p;
    }
    Port& isRequired() { required = true; return *this; }
    Port& isSecret() { secret = true; return *this; }
    Port& byDefault(Value v) { default_value = std::move(v); return *this; }
    Port& describe(Localized d) { description = std::move(d); return *this; }
    Port& oneOf(std::vector<std::string> values) { enum_values = std::move(values); return *this; }
    Port& isInteger(double lo, double hi) { integer = true; min = lo; max = hi; return *this; }
    Port& inGroup(std::string group_id) { group = std::move(group_id); return *this; }
    Port& namesShared(std::string kind) { shared = std::move(kind); return *this; }
    bool accepts(PortType t) const {
        for (PortType a : types)
            if (a == t) return true;
        return false;
    }
};

// "Text/SecureString": the types a port accepts, as the help and `rpa describe` show them.
inline std::string portTypesText(const Port& p) {
    std::string t;
    for (auto type : p.types) {
        if (!t.empty()) t += "/";
        t += portTypeName(type);
    }
    return t;
}

// A titled set of input ports, so an editor's dialog and the help page show sections instead of one long list.
struct PortGroup {
    std::string id;  // e.g. "connection"; ports name it in Port::group
    Localized title;
};

struct BlockDescriptor {
    std::string id;       // e.g. "mail.send"
    std::string version;  // of the block's port contract
    Localized title;
    Localized description;
    Localized category;
    std::string icon;   // a Node-RED icon name, e.g. "font-awesome/fa-envelope"; empty: the editor's default
    std::string color;  // "#RRGGBB" background in an editor's palette; empty: the editor's default
    // What an editor's status line says while the block runs ("sending") and of the runs that went well ("sent",
    // shown as "sent 4/4"); empty: the editor's own words ("running", "done").
    Localized status_running;
    Localized status_done;
    std::vector<PortGroup> groups;  // in display order
    std::vector<Port> inputs;
    std::vector<Port> outputs;
    std::vector<Localized> notes;  // paragraphs for the help page: what to know before using the block

    const Port* input(const std::string& port_id) const {
        for (const auto& p : inputs)
            if (p.id == port_id) return &p;
        return nullptr;
    }
    const Port* output(const std::string& port_id) const {
        for (const auto& p : outputs)
            if (p.id == port_id) return &p;
        return nullptr;
    }
    const PortGroup* group(const std::string& group_id) const {
        for (const auto& g : groups)
            if (g.id == group_id) return &g;
        return nullptr;
    }
};

// The ports every block has (reference: "Уровень обработки", "Уровень сообщений", "Текст ошибки"). In a block
// that has groups, the two standard inputs form the last group, "levels".
namespace standard_ports {
inline const char* const kErrorLevel = "error_level";
inline const char* const kMessageLevel = "message_level";
inline const char* const kErrorText = "error_text";
// The group the standard input ports go in, last in every block's list.
inline const char* const kLevelsGroup = "levels";
// Optional ports with a meaning the host knows (withStandardPorts does not add them). A block that sends a
// message takes its id on kMessageId: a mailing (`rpa run --each` with a journal) fills it per row when the
// diagram leaves it empty, so a row sent again keeps its id. A block that paces itself takes its limit on
// kMessagesPerSecond: a mailing's progress says when that limit is what holds the rate.
inline const char* const kMessageId = "message_id";
inline const char* const kMessagesPerSecond = "messages_per_second";
}  // namespace standard_ports

inline BlockDescriptor withStandardPorts(BlockDescriptor d) {
    if (!d.groups.empty()) d.groups.push_back(PortGroup{standard_ports::kLevelsGroup, {"Уровни", "Levels"}});
    const std::string levels = d.groups.empty() ? "" : standard_ports::kLevelsGroup;
    d.inputs.push_back(
        Port::make(standard_ports::kErrorLevel, {"Уровень обработки", "Error level"}, {PortType::Enum})
            .oneOf({"Default", "Ignore", "Handle"})
            .byDefault(Value::text("Default"))
            .describe({"Default — как в блоке «Старт»; Ignore — ошибка не останавливает диаграмму; Handle — "
                       "диаграмма идёт по ветке ошибки.",
                       "Default: as the Start block; Ignore: the diagram goes on; Handle: the diagram follows the "
                       "block's error path."})
            .inGroup(levels));
    d.inputs.push_back(
        Port::make(standard_ports::kMessageLevel, {"Уровень сообщений", "Message level"}, {PortType::Enum})
            .oneOf({"Default", "Release", "Debug", "Detailed"})
            .byDefault(Value::text("Default"))
            .describe({"Default — как в блоке «Старт»; Release — без вывода; Debug — основная информация; "
                       "Detailed — подробная информация.",
                       "Default: as the Start block; Release: no output; Debug: the main facts; Detailed: "
                       "everything, with the protocol dialog (credentials hidden)."})
            .inGroup(levels));
    d.outputs.push_back(Port::make(standard_ports::kErrorText, {"Текст ошибки", "Error text"}, {PortType::Text})
                            .describe({"Подробная информация об ошибке, если блок не выполнил работу.",
                                       "What went wrong and what to do, when the block failed."}));
    return d;
}

}  // namespace mailblock::sdk
