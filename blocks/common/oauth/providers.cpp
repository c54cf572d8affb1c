#include "common/oauth/providers.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "mailblock/sdk/json.hpp"

namespace mailblock::common::oauth {

extern const char* const kOAuthProvidersJson;  // generated from data/oauth_providers.json

namespace {

using sdk::Value;
using sdk::ValueType;

std::vector<std::string> texts(const Value* v) {
    std::vector<std::string> out;
    if (v && v->type() == ValueType::List)
        for (const auto& item : v->items())
            if (item.type() == ValueType::Text) out.push_back(item.asText());
    return out;
}

Provider fromValue(const std::string& name, const Value& v) {
    Provider p;
    p.name = name;
    p.title = v.textOf("title");
    p.authorization = v.textOf("authorization");
    p.token = v.textOf("token");
    p.device = v.textOf("device");
    if (p.authorization.empty() || p.token.empty() || v.textOf("source").empty())
        throw std::runtime_error("oauth_providers.json: " + name + " needs authorization, token and source");
    if (const Value* r = v.find("revocation"); r && r->type() == ValueType::Dictionary) {
        Revocation rev;
        rev.url = r->textOf("url");
        if (!r->textOf("param").empty()) rev.param = r->textOf("param");
        if (!r->textOf("token").empty()) rev.token = r->textOf("token");
        p.revocation = rev;
    }
    if (const Value* s = v.find("scopes")) {
        p.smtp_scopes = texts(s->find("smtp"));
        p.imap_scopes = texts(s->find("imap"));
    }
    p.account_scopes = texts(v.find("account_scopes"));
    if (const Value* a = v.find("authorization_params"); a && a->type() == ValueType::Dictionary)
        for (const auto& m : a->members())
            if (m.value.type() == ValueType::Text) p.authorization_params.emplace_back(m.key, m.value.asText());
    if (const Value* u = v.find("username"); u && u->type() == ValueType::Dictionary)
        p.username = {u->textOf("from"), u->textOf("claim"), u->textOf("url"), u->textOf("field")};
    return p;
}

const Value& table() {
    static const Value parsed = [] {
        Value v = sdk::json::parse(kOAuthProvidersJson);
        const Value* p = v.find("providers");
        if (!p || p->type() != ValueType::Dictionary) throw std::runtime_error("oauth_providers.json: no providers");
        return *p;
    }();
    return parsed;
}

}  // namespace

std::vector<std::string> Provider::defaultScopes() const {
    std::vector<std::string> out;
    for (const auto* list : {&smtp_scopes, &imap_scopes, &account_scopes})
        for (const auto& s : *list)
            if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    return out;
}

std::optional<Provider> findProvider(const std::string& name) {
    const Value* v = table().find(name);
    if (!v) return std::nullopt;
    Provider p = fromValue(name, *v);
    if (const char* base = std::getenv(kEndpointBaseVariable); base && *base) applyEndpointBase(p, base);
    return p;
}

std::vector<std::string> providerNames() {
    std::vector<std::string> out;
    for (const auto& m : table().members()) out.push_back(m.key);
    return out;
}

void applyEndpointBase(Provider& p, const std::string& base) {
    std::string b = base;
    while (!b.empty() && b.back() == '/') b.pop_back();
    p.authorization = b + "/authorize";
    p.token = b + "/token";
    if (!p.device.empty()) p.device = b + "/device";
    if (p.revocation) p.revocation->url = b + "/revoke";
    if (!p.username.url.empty()) p.username.url = b + "/userinfo";
}

}  // namespace mailblock::common::oauth
