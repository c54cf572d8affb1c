#include "common/autoconfig/provider_presets.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>

#include "mailblock/sdk/ascii.hpp"
#include "mailblock/sdk/json.hpp"

namespace mailblock::common::autoconfig {

extern const char* const kProvidersJson;  // generated from data/providers.json

namespace {

using sdk::Value;
using sdk::ValueType;

std::vector<std::string> texts(const Value& v, const char* key) {
    std::vector<std::string> out;
    if (const Value* f = v.find(key); f && f->type() == ValueType::List)
        for (const auto& item : f->items())
            if (item.type() == ValueType::Text) out.push_back(item.asText());
    return out;
}

sdk::Localized localized(const Value& v, const char* key) {
    const Value* f = v.find(key);
    if (!f || f->type() != ValueType::Dictionary) return {};
    return {f->textOf("ru"), f->textOf("en")};
}

bool boolean(const Value& v, const char* key) {
    const Value* f = v.find(key);
    return f && f->type() == ValueType::Boolean && f->asBool();
}

std::vector<ServerSetting> servers(const Value& v, const char* key) {
    std::vector<ServerSetting> out;
    if (const Value* f = v.find(key); f && f->type() == ValueType::List)
        for (const auto& s : f->items()) {
            bool ok = false;
            const Value* port = s.find("port");
            ServerSetting setting{s.textOf("host"),
                                  static_cast<uint16_t>(port && port->type() == ValueType::Number ? port->asNumber() : 0),
                                  securityFromName(s.textOf("security"), &ok)};
            out.push_back(setting);
        }
    return out;
}

ProviderPreset presetFrom(const Value& v) {
    ProviderPreset p;
    p.id = v.textOf("id");
    p.name = localized(v, "name");
    p.domains = texts(v, "domains");
    p.mx = texts(v, "mx");
    p.smtp = servers(v, "smtp");
    p.imap = servers(v, "imap");
    p.username_is_local_part = v.textOf("username") == "local_part";
    p.auth = texts(v, "auth");
    p.files_sent_copy = boolean(v, "files_sent_copy");
    p.setup = localized(v, "setup");
    p.links = texts(v, "links");
    p.limits = localized(v, "limits");
    p.source = texts(v, "source");
    return p;
}

void checkServers(const Value& provider, const char* key, const std::string& where, std::vector<std::string>& problems) {
    const Value* list = provider.find(key);
    if (!list || list->type() != ValueType::List || list->items().empty()) {
        problems.push_back(where + ": no " + key + " servers");
        return;
    }
    for (const auto& s : list->items()) {
        std::string host = s.textOf("host");
        const Value* port = s.find("port");
        bool ok = false;
        Security security = securityFromName(s.textOf("security"), &ok);
        if (!isValidHostName(host)) problems.push_back(fmt::format("{}: {} host \"{}\" is not a valid host name", where, key, host));
        if (!port || port->type() != ValueType::Number || port->asNumber() < 1 || port->asNumber() > 65535) {
            problems.push_back(fmt::format("{}: {} server {} has no valid port", where, key, host));
            continue;
        }
        if (!ok) problems.push_back(fmt::format("{}: {} server {} has an unknown security", where, key, host));
        int n = static_cast<int>(port->asNumber());
        if (((n == 465 || n == 993) && security != Security::Implicit) ||
            ((n == 587 || n == 143) && security != Security::StartTls))
            problems.push_back(fmt::format("{}: {} port {} does not go with security \"{}\"", where, key, n,
                                           s.textOf("security")));
    }
}

bool hostMatches(const std::string& host, const std::string& pattern) {
    if (!pattern.empty() && pattern[0] == '.')
        return host.size() > pattern.size() && host.compare(host.size() - pattern.size(), pattern.size(), pattern) == 0;
    return host == pattern;
}

}  // namespace

bool ProviderPreset::requires(const std::string& method) const {
    for (const auto& a : auth)
        if (a == method) return true;
    return false;
}

bool isValidHostName(const std::string& host) {
    if (host.empty() || host.size() > 253) return false;
    size_t start = 0;
    while (start <= host.size()) {
        size_t dot = host.find('.', start);
        std::string label = host.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return host.find('.') != std::string::npos;
}

Security securityFromName(const std::string& name, bool* ok) {
    *ok = true;
    if (name == "SSL on connect") return Security::Implicit;
    if (name == "STARTTLS") return Security::StartTls;
    if (name == "None") return Security::None;
    *ok = false;
    return Security::None;
}

std::vector<std::string> presetProblems(const Value& document) {
    std::vector<std::string> problems;
    const Value* list = document.type() == ValueType::Dictionary ? document.find("providers") : nullptr;
    if (!list || list->type() != ValueType::List) return {"no \"providers\" list"};
    std::map<std::string, std::string> domain_owner;
    std::map<std::string, int> ids;
    for (const auto& p : list->items()) {
        std::string id = p.textOf("id");
        std::string where = "provider \"" + id + "\"";
        if (id.empty()) problems.push_back("a provider without an id");
        if (++ids[id] > 1) problems.push_back(where + ": the id is used twice");
        for (const char* key : {"name", "setup"}) {
            sdk::Localized l = localized(p, key);
            if (l.ru.empty() || l.en.empty()) problems.push_back(where + ": " + key + " needs ru and en");
        }
        for (const auto& d : texts(p, "domains")) {
            if (!isValidHostName(d) || d != sdk::ascii::lower(d)) problems.push_back(fmt::format("{}: bad domain \"{}\"", where, d));
            auto [it, fresh] = domain_owner.emplace(d, id);
            if (!fresh) problems.push_back(fmt::format("domain {} is in both \"{}\" and \"{}\"", d, it->second, id));
        }
        for (const auto& mx : texts(p, "mx"))
            if (!isValidHostName(mx[0] == '.' ? mx.substr(1) : mx)) problems.push_back(fmt::format("{}: bad mx \"{}\"", where, mx));
        checkServers(p, "smtp", where, problems);
        checkServers(p, "imap", where, problems);
        std::string username = p.textOf("username");
        if (username != "address" && username != "local_part") problems.push_back(where + ": username must be address or local_part");
        std::vector<std::string> auth = texts(p, "auth");
        if (auth.empty()) problems.push_back(where + ": no auth methods");
        for (const auto& a : auth)
            if (a != "password" && a != "app_password" && a != "oauth2") problems.push_back(fmt::format("{}: unknown auth \"{}\"", where, a));
        if (texts(p, "source").empty()) problems.push_back(where + ": no source it was checked against");
    }
    return problems;
}

const Value& presetsJson() {
    static const Value document = [] {
        Value v = sdk::json::parse(kProvidersJson);
        std::vector<std::string> problems = presetProblems(v);
        if (!problems.empty()) {
            std::string all = "data/providers.json is not valid:";
            for (const auto& p : problems) all += "\n- " + p;
            throw std::runtime_error(all);
        }
        return v;
    }();
    return document;
}

const std::vector<ProviderPreset>& providerPresets() {
    static const std::vector<ProviderPreset> presets = [] {
        std::vector<ProviderPreset> out;
        for (const auto& p : presetsJson().find("providers")->items()) out.push_back(presetFrom(p));
        return out;
    }();
    return presets;
}

const ProviderPreset* presetForDomain(const std::string& domain) {
    std::string d = sdk::ascii::lower(domain);
    for (const auto& p : providerPresets())
        for (const auto& own : p.domains)
            if (own == d) return &p;
    return nullptr;
}

const ProviderPreset* presetForMx(const std::string& mx_host) {
    std::string host = sdk::ascii::lower(mx_host);
    if (!host.empty() && host.back() == '.') host.pop_back();
    for (const auto& p : providerPresets())
        for (const auto& pattern : p.mx)
            if (hostMatches(host, pattern)) return &p;
    return nullptr;
}

const ProviderPreset* presetForServer(const std::string& host) {
    std::string h = sdk::ascii::lower(host);
    for (const auto& p : providerPresets()) {
        for (const auto& s : p.smtp)
            if (s.host == h) return &p;
        for (const auto& s : p.imap)
            if (s.host == h) return &p;
    }
    return nullptr;
}

const ProviderPreset* presetForHost(const std::string& host) {
    if (const ProviderPreset* p = presetForServer(host)) return p;
    std::string h = sdk::ascii::lower(host);
    for (const auto& p : providerPresets())
        for (const auto& d : p.domains)
            if (h == d || hostMatches(h, "." + d)) return &p;
    return nullptr;
}

std::string providerAdvice(const ProviderPreset& p, const std::string& lang) {
    std::string advice = p.setup.in(lang);
    for (const auto& link : p.links) advice += " " + link;
    return advice;
}

}  // namespace mailblock::common::autoconfig
