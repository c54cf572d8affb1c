#include "convert.hpp"

#include "mailblock/sdk/suggest.hpp"

#include "mailblock/sdk/ascii.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "mailblock/sdk/json.hpp"
#include "mailblock/sdk/utf8.hpp"

namespace mailblock::host {

using sdk::PortType;
using sdk::Value;
using sdk::ValueType;

namespace {

bool matches(ValueType vt, PortType pt) {
    switch (pt) {
        case PortType::Text: return vt == ValueType::Text;
        case PortType::Number: return vt == ValueType::Number;
        case PortType::Boolean: return vt == ValueType::Boolean;
        case PortType::SecureString: return vt == ValueType::Secret;
        case PortType::List: return vt == ValueType::List;
        case PortType::Dictionary: return vt == ValueType::Dictionary;
        case PortType::Object: return vt == ValueType::Object;
        case PortType::Enum: return false;  // enums are always checked against their values
    }
    return false;
}

std::string tr(const std::string& lang, const std::string& ru, const std::string& en) { return lang == "ru" ? ru : en; }

// A value's type as a message names it ("a Number" / «число»).
std::string typeWords(ValueType t, const std::string& lang) {
    if (lang != "ru") return std::string("a ") + sdk::typeName(t);
    switch (t) {
        case ValueType::Null: return "пустое значение";
        case ValueType::Text: return "текст";
        case ValueType::Number: return "число";
        case ValueType::Boolean: return "да/нет";
        case ValueType::Secret: return "секрет";
        case ValueType::List: return "список";
        case ValueType::Dictionary: return "словарь";
        case ValueType::Object: return "объект";
    }
    return sdk::typeName(t);
}

std::string shown(const Value& v, const std::string& lang) {
    if (v.type() == ValueType::Secret) return tr(lang, "секрет", "a secret");
    if (v.type() == ValueType::Text) {
        std::string t = v.asText();
        if (t.size() > 60) t = t.substr(0, 57) + "...";
        return "\"" + t + "\"";
    }
    return typeWords(v.type(), lang);
}

Converted fail(std::string message) { return Converted{Value(), std::move(message)}; }

// "expects X, got Y" in the run's language.
Converted expected(const std::string& lang, const std::string& ru, const std::string& en, const Value& got) {
    return fail(tr(lang, "ожидается " + ru + ", получено ", "expects " + en + ", got ") + shown(got, lang));
}

// Text crossing a port is UTF-8 (an environment variable or a CSV file in another encoding is not): the
// offset of the first bad byte in `v` or anything it contains, or npos.
size_t invalidUtf8(const Value& v) {
    switch (v.type()) {
        case ValueType::Text:
        case ValueType::Secret: return sdk::utf8::firstInvalid(v.asText());
        case ValueType::List:
            for (const auto& item : v.items())
                if (size_t at = invalidUtf8(item); at != std::string::npos) return at;
            return std::string::npos;
        case ValueType::Dictionary:
            for (const auto& m : v.members()) {
                if (size_t at = sdk::utf8::firstInvalid(m.key); at != std::string::npos) return at;
                if (size_t at = invalidUtf8(m.value); at != std::string::npos) return at;
            }
            return std::string::npos;
        default: return std::string::npos;
    }
}

Converted toNumber(const Value& v, const std::string& lang) {
    if (v.type() == ValueType::Number) return {v, ""};
    if (v.type() != ValueType::Text) return expected(lang, "число", "a Number", v);
    std::string t = sdk::ascii::trim(v.asText());
    double d = 0;
    auto r = std::from_chars(t.data(), t.data() + t.size(), d);
    if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size() || !std::isfinite(d))
        return expected(lang, "число", "a Number", v);
    return {Value::number(d), ""};
}

Converted toBoolean(const Value& v, const std::string& lang) {
    if (v.type() == ValueType::Boolean) return {v, ""};
    if (v.type() == ValueType::Number && (v.asNumber() == 0 || v.asNumber() == 1))
        return {Value::boolean(v.asNumber() == 1), ""};
    if (v.type() == ValueType::Text) {
        std::string t = sdk::ascii::lower(sdk::ascii::trim(v.asText()));
        if (t == "true" || t == "yes" || t == "1" || t == "on" || t == "да") return {Value::boolean(true), ""};
        if (t == "false" || t == "no" || t == "0" || t == "off" || t == "нет") return {Value::boolean(false), ""};
    }
    return expected(lang, "да/нет (true/false)", "a Boolean (true/false)", v);
}

Converted toText(const Value& v, const std::string& lang) {
    switch (v.type()) {
        case ValueType::Text: return {v, ""};
        case ValueType::Number: return {Value::text(sdk::json::write(v, sdk::json::Form::Plain)), ""};
        case ValueType::Boolean: return {Value::text(v.asBool() ? "true" : "false"), ""};
        default: return expected(lang, "текст", "Text", v);
    }
}

Converted toEnum(const sdk::Port& port, const Value& v, const std::string& lang) {
    if (v.type() == ValueType::Text) {
        std::string t = sdk::ascii::lower(sdk::ascii::trim(v.asText()));
        for (const auto& e : port.enum_values)
            if (sdk::ascii::lower(e) == t) return {Value::text(e), ""};
    }
    std::string allowed;
    for (const auto& e : port.enum_values) allowed += (allowed.empty() ? "" : ", ") + e;
    std::string typo =
        v.type() == ValueType::Text ? sdk::didYouMean(v.asText(), sdk::suggestables(port.enum_values), lang) : "";
    return fail(expected(lang, "одно из: " + allowed, "one of " + allowed, v).error + typo);
}

Converted fromJsonText(const Value& v, ValueType wanted, const std::string& lang) {
    if (v.type() == ValueType::Text) {
        try {
            Value parsed = sdk::json::parse(v.asText());
            if (parsed.type() == wanted) return {parsed, ""};
        } catch (const sdk::json::ParseError&) {
        }
    }
    return expected(lang, typeWords(wanted, "ru"), typeWords(wanted, "en"), v);
}

Converted convertTo(const sdk::Port& port, PortType type, const Value& v, const std::string& lang) {
    switch (type) {
        case PortType::Text: return toText(v, lang);
        case PortType::Number: return toNumber(v, lang);
        case PortType::Boolean: return toBoolean(v, lang);
        case PortType::SecureString:
            if (v.type() == ValueType::Text || v.type() == ValueType::Secret) return {Value::secret(v.asText()), ""};
            return expected(lang, "текст или секрет", "Text or SecureString", v);
        case PortType::List: return fromJsonText(v, ValueType::List, lang);
        case PortType::Dictionary: return fromJsonText(v, ValueType::Dictionary, lang);
        case PortType::Object:
            if (v.type() == ValueType::Object) return {v, ""};
            return expected(lang, "объект (свяжите его с выходом другого блока)",
                            "an Object (link it from another block's output)", v);
        case PortType::Enum: return toEnum(port, v, lang);
    }
    return fail(tr(lang, "неизвестный тип порта", "unsupported port type"));
}

Converted checkNumber(const sdk::Port& port, Converted c, const std::string& lang) {
    if (!c.ok() || c.value.type() != ValueType::Number) return c;
    double d = c.value.asNumber();
    auto num = [](double x) { return sdk::json::write(Value::number(x), sdk::json::Form::Plain); };
    if (port.integer && std::nearbyint(d) != d)
        return fail(tr(lang, "ожидается целое число, получено ", "expects a whole number, got ") + num(d));
    if ((port.min && d < *port.min) || (port.max && d > *port.max)) {
        const std::string from = num(port.min.value_or(d)), to = num(port.max.value_or(d));
        return fail(tr(lang, "ожидается число от " + from + " до " + to + ", получено ",
                       "expects a number from " + from + " to " + to + ", got ") + num(d));
    }
    return c;
}

}  // namespace

Converted convertForPort(const sdk::Port& port, const Value& v, const std::string& lang) {
    if (v.isNull()) return {v, ""};
    if (size_t at = invalidUtf8(v); at != std::string::npos)
        return fail(tr(lang, "не текст UTF-8 (неверный байт на позиции " + std::to_string(at) + "; сохраните его в UTF-8)",
                       "is not valid UTF-8 text (a bad byte at offset " + std::to_string(at) + "; save it as UTF-8)"));
    const bool accepted =
        std::any_of(port.types.begin(), port.types.end(), [&](PortType t) { return matches(v.type(), t); });
    // A secret handed to a port that does not declare SecureString is still refused: it could leak as text.
    if (!accepted && v.type() == ValueType::Secret && !port.secret && !port.accepts(PortType::SecureString))
        return fail(tr(lang, "не принимает секретное значение", "does not take a secret value"));
    if (!accepted && port.types.empty()) return fail(tr(lang, "нет подходящего типа", "has no accepted type"));
    Converted c = accepted ? Converted{v, ""} : convertTo(port, port.types.front(), v, lang);
    c = checkNumber(port, std::move(c), lang);
    if (c.ok() && port.secret && c.value.type() == ValueType::Text) c.value = Value::secret(c.value.asText());
    return c;
}

}  // namespace mailblock::host
