#include "common/named_connection.hpp"

#include <stdexcept>

namespace mailblock::common {

using sdk::Value;
using sdk::ValueType;

namespace {

// The text fields, by their key in the store: one table for both directions.
struct TextField {
    const char* key;
    std::string NamedConnection::*member;
};
constexpr TextField kTextFields[] = {
    {"description", &NamedConnection::description},
    {"server", &NamedConnection::server},
    {"security", &NamedConnection::security},
    {"ca_file", &NamedConnection::ca_file},
    {"imap_server", &NamedConnection::imap_server},
    {"imap_security", &NamedConnection::imap_security},
    {"auth", &NamedConnection::auth},
    {"login", &NamedConnection::login},
    {"password", &NamedConnection::password},
    {"domain", &NamedConnection::domain},
    {"keytab", &NamedConnection::keytab},
    {"sender", &NamedConnection::sender},
    {"sender_name", &NamedConnection::sender_name},
    {"log_file", &NamedConnection::log_file},
    {"log_mode", &NamedConnection::log_mode},
};

struct PortField {
    const char* key;
    uint16_t NamedConnection::*member;
};
constexpr PortField kPortFields[] = {{"port", &NamedConnection::port}, {"imap_port", &NamedConnection::imap_port}};

}  // namespace

Value connectionToValue(const NamedConnection& c) {
    Value v = Value::dictionary();
    for (const auto& f : kTextFields)
        if (!(c.*f.member).empty()) v.set(f.key, Value::text(c.*f.member));
    for (const auto& f : kPortFields)
        if (c.*f.member != 0) v.set(f.key, Value::number(c.*f.member));
    if (c.disabled) v.set("disabled", Value::boolean(true));
    return v;
}

NamedConnection connectionFromValue(const Value& v) {
    if (v.type() != ValueType::Dictionary) throw std::runtime_error("a connection is not an object");
    NamedConnection c;
    for (const auto& f : kTextFields) {
        const Value* field = v.find(f.key);
        if (!field || field->isNull()) continue;
        if (field->type() != ValueType::Text) throw std::runtime_error(std::string("\"") + f.key + "\" is not text");
        c.*f.member = field->asText();
    }
    for (const auto& f : kPortFields) {
        const Value* field = v.find(f.key);
        if (!field || field->isNull()) continue;
        const double n = field->type() == ValueType::Number ? field->asNumber() : -1;
        if (n < 1 || n > 65535 || n != static_cast<double>(static_cast<uint16_t>(n)))
            throw std::runtime_error(std::string("\"") + f.key + "\" is not a port number");
        c.*f.member = static_cast<uint16_t>(n);
    }
    if (const Value* d = v.find("disabled"); d && !d->isNull()) {
        if (d->type() != ValueType::Boolean) throw std::runtime_error("\"disabled\" is not true or false");
        c.disabled = d->asBool();
    }
    return c;
}

}  // namespace mailblock::common
