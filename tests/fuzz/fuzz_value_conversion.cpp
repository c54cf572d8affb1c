// Values given to ports (sdk/host/convert.hpp) and values on the wire (sdk json.hpp). The first byte picks a
// port: one of the real Send email / Save to Sent ports, or a synthetic port of each type; the second byte
// how the rest becomes a value: as text (what a variable or --var gives), or parsed as JSON in the plain form
// (diagram files) or the wire form (what crosses the plugin boundary).
//
// Checked: a conversion's result has one of the port's types, respects integer/min/max and secrecy, and
// converting it again changes nothing; every value the parser builds writes back to JSON that parses to the
// same value (wire form), to the same value with secrets masked, objects as dictionaries and bytes that are not
// UTF-8 repaired (plain and display forms: what a host prints is valid JSON).
// The wire form's wrappers ({"$secret":...}, {"$object":...}, {"$dict":...}) round-trip at any depth the
// parser accepts (two findings of this target, fixed: corpus/value_conversion/dictionary_changes_type_on_wire).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "convert.hpp"
#include "fuzz_support.hpp"
#include "mailblock/sdk/json.hpp"
#include "mailblock/sdk/utf8.hpp"
#include "save_to_sent/descriptor.hpp"
#include "send_email/descriptor.hpp"

using namespace mailblock;
using mailblock::fuzz::printable;
using sdk::Port;
using sdk::PortType;
using sdk::Value;
using sdk::ValueType;
namespace json = sdk::json;

namespace {

std::vector<Port> allPorts() {
    std::vector<Port> ports;
    for (const sdk::BlockDescriptor& d : {send_email::describe(), save_to_sent::describe()}) {
        ports.insert(ports.end(), d.inputs.begin(), d.inputs.end());
        ports.insert(ports.end(), d.outputs.begin(), d.outputs.end());
    }
    for (PortType t : {PortType::Text, PortType::Number, PortType::Boolean, PortType::SecureString, PortType::List,
                       PortType::Dictionary, PortType::Object})
        ports.push_back(Port::make(std::string("synthetic_") + sdk::portTypeName(t), {"", ""}, {t}));
    ports.push_back(Port::make("synthetic_port", {"", ""}, {PortType::Number}).isInteger(1, 65535));
    ports.push_back(Port::make("synthetic_ratio", {"", ""}, {PortType::Number}).isInteger(-5, 5));
    ports.push_back(Port::make("synthetic_enum", {"", ""}, {PortType::Enum}).oneOf({"Auto", "None", "STARTTLS", "SSL on connect"}));
    // Secret ports declare Text and SecureString, as the real ones do. (A secret port declaring Text only
    // would refuse its own converted value, a SecureString: the SDK does not stop a block from declaring one.)
    ports.push_back(Port::make("synthetic_secret_text", {"", ""}, {PortType::Text, PortType::SecureString}).isSecret());
    ports.push_back(Port::make("synthetic_list_or_text", {"", ""}, {PortType::List, PortType::Text}));
    ports.push_back(Port::make("synthetic_dictionary_or_list", {"", ""}, {PortType::Dictionary, PortType::List, PortType::Text}));
    return ports;
}

bool typeFits(const Port& port, const Value& v) {
    for (PortType t : port.types) {
        switch (t) {
            case PortType::Text: if (v.type() == ValueType::Text) return true; break;
            case PortType::Number: if (v.type() == ValueType::Number) return true; break;
            case PortType::Boolean: if (v.type() == ValueType::Boolean) return true; break;
            case PortType::SecureString: if (v.type() == ValueType::Secret) return true; break;
            case PortType::List: if (v.type() == ValueType::List) return true; break;
            case PortType::Dictionary: if (v.type() == ValueType::Dictionary) return true; break;
            case PortType::Object: if (v.type() == ValueType::Object) return true; break;
            case PortType::Enum:
                if (v.type() == ValueType::Text)
                    for (const auto& e : port.enum_values)
                        if (e == v.asText()) return true;
                break;
        }
    }
    return false;
}

void checkConversion(const Port& port, const Value& in, const std::string& where) {
    host::Converted c = host::convertForPort(port, in);
    if (!c.ok()) return;
    const Value& v = c.value;
    std::string at = where + "\nport " + port.id + ", result " + printable(json::write(v, json::Form::Wire));
    if (in.isNull()) {
        FUZZ_CHECK(v.isNull(), at);
        return;
    }
    if (port.secret) FUZZ_CHECK(v.type() == ValueType::Secret, at);
    else FUZZ_CHECK(typeFits(port, v), at);
    if (v.type() == ValueType::Number) {
        double d = v.asNumber();
        FUZZ_CHECK(std::isfinite(d), at);
        if (port.integer) FUZZ_CHECK(std::nearbyint(d) == d, at);
        if (port.min) FUZZ_CHECK(d >= *port.min, at);
        if (port.max) FUZZ_CHECK(d <= *port.max, at);
    }
    // Converting a converted value again is the identity (a link passes an already converted value on).
    host::Converted again = host::convertForPort(port, v);
    FUZZ_CHECK(again.ok() && again.value == v, at + "\nsecond conversion: " + again.error);
}

// Whether the wire form writes this object or dictionary inside a one-member wrapper.
bool wireWrapped(const Value& v) {
    if (v.type() == ValueType::Object) return true;
    const auto& ms = v.members();
    return ms.size() == 1 && (ms[0].key == "$secret" || ms[0].key == "$object" || ms[0].key == "$dict");
}

// Deepest nesting the parser sees when it reads `v` written in `form` (the outermost value is depth 0).
int writtenDepth(const Value& v, json::Form form, int depth = 0) {
    int deepest = depth;
    switch (v.type()) {
        case ValueType::Secret: return form == json::Form::Wire ? depth + 1 : depth;
        case ValueType::List:
            for (const auto& item : v.items()) deepest = std::max(deepest, writtenDepth(item, form, depth + 1));
            return deepest;
        case ValueType::Object:
        case ValueType::Dictionary:
            if (form == json::Form::Wire && wireWrapped(v)) ++depth, deepest = depth;
            for (const auto& m : v.members()) deepest = std::max(deepest, writtenDepth(m.value, form, depth + 1));
            return deepest;
        default: return depth;
    }
}


// What a value reads back as from the plain form: secrets masked, objects as dictionaries, bytes that are not
// UTF-8 as U+FFFD in texts and keys. nullopt when that repair gives two keys of one dictionary the same name:
// the written JSON then has a duplicate member, which the parser refuses.
std::optional<Value> plainImage(const Value& v) {
    switch (v.type()) {
        case ValueType::Secret: return Value::text("***");
        case ValueType::Text: return Value::text(sdk::utf8::repaired(v.asText()));
        case ValueType::List: {
            std::vector<Value> items;
            for (const auto& item : v.items()) {
                auto image = plainImage(item);
                if (!image) return std::nullopt;
                items.push_back(std::move(*image));
            }
            return Value::list(std::move(items));
        }
        case ValueType::Dictionary:
        case ValueType::Object: {
            std::vector<sdk::Member> ms;
            std::set<std::string> keys;
            for (const auto& m : v.members()) {
                auto image = plainImage(m.value);
                std::string key = sdk::utf8::repaired(m.key);
                if (!image || !keys.insert(key).second) return std::nullopt;
                ms.push_back({std::move(key), std::move(*image)});
            }
            return Value::dictionary(std::move(ms));
        }
        default: return v;
    }
}

// `written` (plain or display form) reads back as `v`'s plain image, or is refused for a duplicate member.
void checkReadsAsPlainImage(const std::string& written, const Value& v, const std::string& at) {
    std::optional<Value> image = plainImage(v);
    if (image) {
        FUZZ_CHECK(json::parse(written) == *image, at);
        return;
    }
    try {
        json::parse(written);
        FUZZ_CHECK(false, at + "\nkeys repaired to the same name, yet the JSON was read");
    } catch (const json::ParseError& e) {
        FUZZ_CHECK(std::string(e.what()).find("duplicate member") != std::string::npos, at + "\n" + e.what());
    }
}

void checkJsonRoundTrip(const Value& v, const std::string& where) {
    for (int indent : {0, 2}) {
        std::string wire = json::write(v, json::Form::Wire, indent);
        std::string at = where + "\nwritten: " + printable(wire);
        FUZZ_CHECK(writtenDepth(v, json::Form::Wire) <= json::kMaxWireDepth, at + "\nwire form written deeper than it can be read");
        FUZZ_CHECK(json::parse(wire, json::Form::Wire) == v, at);
        if (writtenDepth(v, json::Form::Plain) <= json::kMaxDepth) {
            std::string plain = json::write(v, json::Form::Plain, indent);
            checkReadsAsPlainImage(plain, v, where + "\nplain: " + printable(plain));
            std::string display = json::write(v, json::Form::Display, indent);
            checkReadsAsPlainImage(display, v, where + "\ndisplay: " + printable(display));
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::vector<Port> ports = allPorts();
    fuzz::FuzzInput input(data, size);
    const Port& port = ports[input.byte() % ports.size()];
    uint8_t mode = input.byte() % 3;
    std::string text = input.rest();
    std::string where = "mode " + std::to_string(mode) + ", port " + port.id + ", text: " + printable(text);

    Value value;
    if (mode == 0) {
        value = Value::text(text);
    } else {
        try {
            value = json::parse(text, mode == 1 ? json::Form::Plain : json::Form::Wire);
        } catch (const json::ParseError& e) {
            FUZZ_CHECK(std::string(e.what()).rfind("JSON error at line ", 0) == 0, where);
            return 0;
        }
        checkJsonRoundTrip(value, where);
    }
    checkConversion(port, value, where);
    // Text given to a List or Dictionary port is JSON in the plain form; a Number written as text reads back
    // as the same number.
    if (value.type() == ValueType::Number) {
        static const Port as_text = Port::make("t", {"", ""}, {PortType::Text});
        static const Port as_number = Port::make("n", {"", ""}, {PortType::Number});
        host::Converted t = host::convertForPort(as_text, value);
        FUZZ_CHECK(t.ok(), where);
        host::Converted n = host::convertForPort(as_number, t.value);
        FUZZ_CHECK(n.ok() && n.value == value, where + "\nas text: " + printable(t.value.asText()));
    }
    return 0;
}
