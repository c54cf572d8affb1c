// BlockDescriptor <-> JSON value: the plugin writes it, the host reads it back, the manifest prints it.
#pragma once

#include <stdexcept>

#include "mailblock/sdk/descriptor.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::sdk {

namespace descriptor_detail {

inline Value localized(const Localized& l) {
    return Value::dictionary({{"ru", Value::text(l.ru)}, {"en", Value::text(l.en)}});
}

inline Localized readLocalized(const Value* v) {
    Localized l;
    if (!v || v->type() != ValueType::Dictionary) return l;
    if (const Value* ru = v->find("ru"); ru && ru->type() == ValueType::Text) l.ru = ru->asText();
    if (const Value* en = v->find("en"); en && en->type() == ValueType::Text) l.en = en->asText();
    return l;
}

inline Value portValue(const Port& p) {
    Value v = Value::dictionary();
    v.set("id", Value::text(p.id));
    v.set("title", localized(p.title));
    if (!p.group.empty()) v.set("group", Value::text(p.group));
    std::vector<Value> types;
    for (PortType t : p.types) types.push_back(Value::text(portTypeName(t)));
    v.set("types", Value::list(types));
    v.set("required", Value::boolean(p.required));
    if (p.secret) v.set("secret", Value::boolean(true));
    if (!p.shared.empty()) v.set("shared", Value::text(p.shared));
    if (!p.default_value.isNull()) v.set("default", p.default_value);
    if (!p.enum_values.empty()) {
        std::vector<Value> values;
        for (const auto& e : p.enum_values) values.push_back(Value::text(e));
        v.set("values", Value::list(values));
    }
    if (p.integer) v.set("integer", Value::boolean(true));
    if (p.min) v.set("min", Value::number(*p.min));
    if (p.max) v.set("max", Value::number(*p.max));
    v.set("description", localized(p.description));
    return v;
}

inline const std::string& requireText(const Value& v, const char* key) {
    const Value* f = v.find(key);
    if (!f || f->type() != ValueType::Text) throw std::runtime_error(std::string("descriptor: missing text \"") + key + "\"");
    return f->asText();
}

inline bool flag(const Value& v, const char* key) {
    const Value* f = v.find(key);
    return f && f->type() == ValueType::Boolean && f->asBool();
}

inline Port readPort(const Value& v) {
    Port p;
    p.id = requireText(v, "id");
    p.title = readLocalized(v.find("title"));
    if (const Value* g = v.find("group"); g && g->type() == ValueType::Text) p.group = g->asText();
    const Value* types = v.find("types");
    if (!types || types->type() != ValueType::List || types->items().empty())
        throw std::runtime_error("descriptor: port \"" + p.id + "\" has no types");
    for (const auto& t : types->items()) {
        auto pt = t.type() == ValueType::Text ? portTypeFromName(t.asText()) : std::nullopt;
        if (!pt) throw std::runtime_error("descriptor: port \"" + p.id + "\" has an unknown type");
        p.types.push_back(*pt);
    }
    p.required = flag(v, "required");
    p.secret = flag(v, "secret");
    if (const Value* s = v.find("shared"); s && s->type() == ValueType::Text) p.shared = s->asText();
    if (const Value* d = v.find("default")) p.default_value = *d;
    if (const Value* values = v.find("values"); values && values->type() == ValueType::List)
        for (const auto& e : values->items())
            if (e.type() == ValueType::Text) p.enum_values.push_back(e.asText());
    p.integer = flag(v, "integer");
    if (const Value* m = v.find("min"); m && m->type() == ValueType::Number) p.min = m->asNumber();
    if (const Value* m = v.find("max"); m && m->type() == ValueType::Number) p.max = m->asNumber();
    p.description = readLocalized(v.find("description"));
    return p;
}

inline std::vector<Port> readPorts(const Value& v, const char* key) {
    std::vector<Port> ports;
    const Value* list = v.find(key);
    if (!list || list->type() != ValueType::List) throw std::runtime_error(std::string("descriptor: no \"") + key + "\" list");
    for (const auto& p : list->items()) ports.push_back(readPort(p));
    return ports;
}

inline std::string optionalText(const Value& v, const char* key) {
    const Value* f = v.find(key);
    return f && f->type() == ValueType::Text ? f->asText() : std::string();
}

inline std::vector<PortGroup> readGroups(const Value& v) {
    std::vector<PortGroup> groups;
    const Value* list = v.find("groups");
    if (!list || list->type() != ValueType::List) return groups;
    for (const auto& g : list->items()) groups.push_back(PortGroup{requireText(g, "id"), readLocalized(g.find("title"))});
    return groups;
}

}  // namespace descriptor_detail

inline Value descriptorToValue(const BlockDescriptor& d) {
    using namespace descriptor_detail;
    Value v = Value::dictionary();
    v.set("id", Value::text(d.id));
    v.set("version", Value::text(d.version));
    v.set("title", localized(d.title));
    v.set("description", localized(d.description));
    v.set("category", localized(d.category));
    if (!d.icon.empty()) v.set("icon", Value::text(d.icon));
    if (!d.color.empty()) v.set("color", Value::text(d.color));
    if (!d.status_running.en.empty() || !d.status_done.en.empty())
        v.set("status", Value::dictionary({{"running", localized(d.status_running)}, {"done", localized(d.status_done)}}));
    if (!d.groups.empty()) {
        std::vector<Value> groups;
        for (const auto& g : d.groups)
            groups.push_back(Value::dictionary({{"id", Value::text(g.id)}, {"title", localized(g.title)}}));
        v.set("groups", Value::list(groups));
    }
    std::vector<Value> in, out;
    for (const auto& p : d.inputs) in.push_back(portValue(p));
    for (const auto& p : d.outputs) out.push_back(portValue(p));
    v.set("inputs", Value::list(in));
    v.set("outputs", Value::list(out));
    std::vector<Value> notes;
    for (const auto& n : d.notes) notes.push_back(localized(n));
    v.set("notes", Value::list(notes));
    return v;
}

// Throws std::runtime_error naming what is missing.
inline BlockDescriptor descriptorFromValue(const Value& v) {
    using namespace descriptor_detail;
    if (v.type() != ValueType::Dictionary) throw std::runtime_error("descriptor: not a JSON object");
    BlockDescriptor d;
    d.id = requireText(v, "id");
    d.version = requireText(v, "version");
    d.title = readLocalized(v.find("title"));
    d.description = readLocalized(v.find("description"));
    d.category = readLocalized(v.find("category"));
    d.icon = optionalText(v, "icon");
    d.color = optionalText(v, "color");
    if (const Value* status = v.find("status"); status && status->type() == ValueType::Dictionary) {
        d.status_running = readLocalized(status->find("running"));
        d.status_done = readLocalized(status->find("done"));
    }
    d.groups = readGroups(v);
    d.inputs = readPorts(v, "inputs");
    d.outputs = readPorts(v, "outputs");
    for (const auto& p : d.inputs)
        if (!p.group.empty() && !d.group(p.group))
            throw std::runtime_error("descriptor: port \"" + p.id + "\" names an unknown group \"" + p.group + "\"");
    if (const Value* notes = v.find("notes"); notes && notes->type() == ValueType::List)
        for (const auto& n : notes->items()) d.notes.push_back(readLocalized(&n));
    return d;
}

}  // namespace mailblock::sdk
