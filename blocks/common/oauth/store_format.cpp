#include "common/oauth/store_format.hpp"

#include <map>
#include <stdexcept>

#include "mailblock/sdk/json.hpp"

namespace mailblock::common::oauth {

namespace {

using sdk::Value;
using sdk::ValueType;

std::string text(const Value& v, const char* key, bool required = false) {
    const Value* f = v.find(key);
    if (f && f->type() == ValueType::Text) return f->asText();
    if (f && !f->isNull()) throw std::runtime_error(std::string("\"") + key + "\" is not text");
    if (required) throw std::runtime_error(std::string("\"") + key + "\" is missing");
    return {};
}

Credential fromValue(const Value& v) {
    if (v.type() != ValueType::Dictionary) throw std::runtime_error("an entry is not an object");
    Credential c;
    c.provider = text(v, "provider", true);
    c.client_id = text(v, "client_id", true);
    c.client_secret = text(v, "client_secret");
    c.refresh_token = text(v, "refresh_token", true);
    c.account = text(v, "account");
    c.token_url = text(v, "token_url", true);
    c.access_token = text(v, "access_token");
    if (const Value* s = v.find("scopes"); s && s->type() == ValueType::List)
        for (const auto& item : s->items())
            if (item.type() == ValueType::Text) c.scopes.push_back(item.asText());
    if (const Value* r = v.find("revocation"); r && r->type() == ValueType::Dictionary)
        c.revocation = Revocation{text(*r, "url", true), text(*r, "param", true), text(*r, "token", true)};
    if (const Value* e = v.find("expires_at"); e && e->type() == ValueType::Number) c.expires_at = static_cast<int64_t>(e->asNumber());
    return c;
}

Value toValue(const Credential& c) {
    Value v = Value::dictionary();
    v.set("provider", Value::text(c.provider));
    v.set("client_id", Value::text(c.client_id));
    if (!c.client_secret.empty()) v.set("client_secret", Value::text(c.client_secret));
    v.set("refresh_token", Value::text(c.refresh_token));
    v.set("account", Value::text(c.account));
    std::vector<Value> scopes;
    for (const auto& s : c.scopes) scopes.push_back(Value::text(s));
    v.set("scopes", Value::list(std::move(scopes)));
    v.set("token_url", Value::text(c.token_url));
    if (c.revocation)
        v.set("revocation", Value::dictionary({{"url", Value::text(c.revocation->url)},
                                               {"param", Value::text(c.revocation->param)},
                                               {"token", Value::text(c.revocation->token)}}));
    if (!c.access_token.empty()) {
        v.set("access_token", Value::text(c.access_token));
        v.set("expires_at", Value::number(static_cast<double>(c.expires_at)));
    }
    return v;
}

}  // namespace

namespace {

// One section: NAME -> entry, each read by `read`; a damaged entry is named.
template <typename Entry, typename Read>
std::map<std::string, Entry> section(const Value& entries, const char* what, Read read) {
    std::map<std::string, Entry> out;
    for (const auto& m : entries.members()) {
        try {
            out[m.key] = read(m.value);
        } catch (const std::exception& e) {
            throw std::runtime_error(std::string(what) + " \"" + m.key + "\": " + e.what());
        }
    }
    return out;
}

}  // namespace

StoreContents parseStore(const std::string& text) {
    Value v = sdk::json::parse(text);
    const Value* version = v.find("version");
    const double number = version && version->type() == ValueType::Number ? version->asNumber() : 0;
    if (number != 1 && number != 2) throw std::runtime_error("not a version 1 or 2 credential store");
    const Value* entries = v.find("credentials");
    if (!entries || entries->type() != ValueType::Dictionary) throw std::runtime_error("\"credentials\" is missing");
    StoreContents out;
    out.credentials = section<Credential>(*entries, "entry", fromValue);
    if (number == 2) {
        const Value* connections = v.find("connections");
        if (!connections || connections->type() != ValueType::Dictionary)
            throw std::runtime_error("\"connections\" is missing");
        out.connections = section<NamedConnection>(*connections, "connection", connectionFromValue);
    }
    return out;
}

std::string writeStore(const StoreContents& all) {
    Value entries = Value::dictionary();
    for (const auto& [name, c] : all.credentials) entries.set(name, toValue(c));
    Value v =
        Value::dictionary({{"version", Value::number(all.connections.empty() ? 1 : 2)}, {"credentials", entries}});
    if (!all.connections.empty()) {
        Value connections = Value::dictionary();
        for (const auto& [name, c] : all.connections) connections.set(name, connectionToValue(c));
        v.set("connections", connections);
    }
    return sdk::json::write(v, sdk::json::Form::Plain, 2) + "\n";
}

}  // namespace mailblock::common::oauth
