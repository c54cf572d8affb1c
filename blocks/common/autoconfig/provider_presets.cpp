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

// {"ispdb": ["a.example", "b.example"], "help": [...]}: the facts in order, each with its source's key.
std::vector<std::pair<std::string, std::string>> groups(const Value& v, const char* key) {
    std::vector<std::pair<std::string, std::string>> out;
    if (const Value* f = v.find(key); f && f->type() == ValueType::Dictionary)
        for (const auto& [source, list] : f->members())
            if (list.type() == ValueType::List)
                for (const auto& item : list.items())
                    if (item.type() == ValueType::Text) out.emplace_back(item.asText(), source);
    return out;
}

std::map<std::string, Citation> citations(const Value& v) {
    std::map<std::string, Citation> out;
    if (const Value* f = v.find("sources"); f && f->type() == ValueType::Dictionary)
        for (const auto& [key, c] : f->members())
            out[key] = Citation{c.textOf("repository"), c.textOf("file"), c.textOf("commit"), c.textOf("url")};
    return out;
}

std::vector<ServerSetting> servers(const Value& v, const char* key, const std::map<std::string, Citation>& sources) {
    std::vector<ServerSetting> out;
    if (const Value* f = v.find(key); f && f->type() == ValueType::List)
        for (const auto& s : f->items()) {
            bool ok = false;
            const Value* port = s.find("port");
            ServerSetting setting{s.textOf("host"),
                                  static_cast<uint16_t>(port && port->type() == ValueType::Number ? port->asNumber() : 0),
                                  securityFromName(s.textOf("security"), &ok)};
            setting.login = loginFormFromName(s.textOf("username"), &ok);
            setting.unconfirmed = boolean(s, "unconfirmed");
            auto c = sources.find(s.textOf("source"));
            setting.source = setting.unconfirmed ? "unconfirmed" : c != sources.end() ? c->second.text() : std::string();
            out.push_back(setting);
        }
    return out;
}

ProviderPreset presetFrom(const Value& v) {
    ProviderPreset p;
    p.id = v.textOf("id");
    p.name = localized(v, "name");
    p.sources = citations(v);
    for (const char* key : {"domains", "mx"})
        for (auto& [fact, source] : groups(v, key)) {
            (key == std::string("mx") ? p.mx : p.domains).push_back(fact);
            p.fact_source[fact] = source;
        }
    p.smtp = servers(v, "smtp", p.sources);
    p.imap = servers(v, "imap", p.sources);
    p.auth = texts(v, "auth");
    p.files_sent_copy = boolean(v, "files_sent_copy");
    p.setup = localized(v, "setup");
    p.links = texts(v, "links");
    p.limits = localized(v, "limits");
    return p;
}

bool isCommit(const std::string& s) {
    return s.size() == 40 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void checkSources(const Value& provider, const std::string& where, std::vector<std::string>& problems) {
    const Value* list = provider.find("sources");
    if (!list || list->type() != ValueType::Dictionary || list->members().empty()) {
        problems.push_back(where + ": no sources");
        return;
    }
    for (const auto& [key, c] : list->members()) {
        bool in_repository = !c.textOf("repository").empty() && !c.textOf("file").empty() && isCommit(c.textOf("commit"));
        if (!in_repository && c.textOf("url").rfind("https://", 0) != 0)
            problems.push_back(fmt::format("{}: source \"{}\" needs a repository, file and commit, or an https URL", where, key));
    }
}

bool cites(const Value& provider, const std::string& key) {
    const Value* list = provider.find("sources");
    return list && list->type() == ValueType::Dictionary && list->find(key);
}

void checkServers(const Value& provider, const char* key, const std::string& where, std::vector<std::string>& problems) {
    const Value* list = provider.find(key);
    if (!list || list->type() != ValueType::List || list->items().empty()) {
        problems.push_back(where + ": no " + key + " servers");
        return;
    }
    bool unconfirmed_seen = false, confirmed_seen = false;
    for (const auto& s : list->items()) {
        std::string host = s.textOf("host");
        const Value* port = s.find("port");
        bool ok = false;
        Security security = securityFromName(s.textOf("security"), &ok);
        if (!isValidHostName(host)) problems.push_back(fmt::format("{}: {} host \"{}\" is not a valid host name", where, key, host));
        const bool unconfirmed = boolean(s, "unconfirmed");
        if (unconfirmed) unconfirmed_seen = true;
        else if (unconfirmed_seen) problems.push_back(fmt::format("{}: {} server {} comes after an unconfirmed one", where, key, host));
        else confirmed_seen = true;
        if (!unconfirmed && !cites(provider, s.textOf("source")))
            problems.push_back(fmt::format("{}: {} server {} names no source the entry cites", where, key, host));
        bool form_ok = false;
        if (loginFormFromName(s.textOf("username"), &form_ok) == LoginForm::Unconfirmed || !form_ok)
            problems.push_back(fmt::format("{}: {} server {}: username must be address, local_part or either", where, key, host));
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
    if (!confirmed_seen) problems.push_back(fmt::format("{}: no confirmed {} server", where, key));
}

// Domains and MX patterns: grouped by the key of the source that lists them, each in one entry only.
void checkFacts(const Value& provider, const char* key, const std::string& where, std::map<std::string, std::string>& owner,
                std::vector<std::string>& problems) {
    const Value* f = provider.find(key);
    if (!f || f->type() != ValueType::Dictionary) {
        problems.push_back(fmt::format("{}: {} must be an object of source -> list", where, key));
        return;
    }
    for (const auto& [source, list] : f->members())
        if (!cites(provider, source)) problems.push_back(fmt::format("{}: {} from \"{}\", which the entry does not cite", where, key, source));
    const std::string id = provider.textOf("id");
    for (const auto& [fact, source] : groups(provider, key)) {
        const bool mx = key == std::string("mx");
        const std::string name = mx && !fact.empty() && fact[0] == '.' ? fact.substr(1) : fact;
        if (!isValidHostName(name) || fact != sdk::ascii::lower(fact))
            problems.push_back(fmt::format("{}: bad {} \"{}\"", where, mx ? "mx" : "domain", fact));
        auto [it, fresh] = owner.emplace(fact, id);
        if (!fresh) problems.push_back(fmt::format("{} {} is in both \"{}\" and \"{}\"", mx ? "mx" : "domain", fact, it->second, id));
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

std::string ProviderPreset::citationOf(const std::string& fact) const {
    auto key = fact_source.find(fact);
    if (key == fact_source.end()) return {};
    auto c = sources.find(key->second);
    return c == sources.end() ? std::string() : c->second.text();
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

std::string Citation::text() const { return url.empty() ? fmt::format("{} {} {}", repository, file, commit) : url; }

std::vector<std::string> presetProblems(const Value& document) {
    std::vector<std::string> problems;
    const Value* list = document.type() == ValueType::Dictionary ? document.find("providers") : nullptr;
    if (!list || list->type() != ValueType::List) return {"no \"providers\" list"};
    std::map<std::string, std::string> domain_owner, mx_owner;
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
        checkSources(p, where, problems);
        checkFacts(p, "domains", where, domain_owner, problems);
        checkFacts(p, "mx", where, mx_owner, problems);
        checkServers(p, "smtp", where, problems);
        checkServers(p, "imap", where, problems);
        std::vector<std::string> auth = texts(p, "auth");
        if (auth.empty()) problems.push_back(where + ": no auth methods");
        for (const auto& a : auth)
            if (a != "password" && a != "app_password" && a != "oauth2") problems.push_back(fmt::format("{}: unknown auth \"{}\"", where, a));
    }
    return problems;
}

std::vector<ProviderPreset> presetsFrom(const Value& document) {
    std::vector<ProviderPreset> out;
    if (const Value* list = document.find("providers"); list && list->type() == ValueType::List)
        for (const auto& p : list->items()) out.push_back(presetFrom(p));
    return out;
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
    static const std::vector<ProviderPreset> presets = presetsFrom(presetsJson());
    return presets;
}

const ProviderPreset* presetForDomain(const std::string& domain) {
    std::string d = sdk::ascii::lower(domain);
    for (const auto& p : providerPresets())
        for (const auto& own : p.domains)
            if (own == d) return &p;
    return nullptr;
}

MxMatch mxMatch(const std::vector<ProviderPreset>& presets, const std::string& mx_host) {
    std::string host = sdk::ascii::lower(mx_host);
    if (!host.empty() && host.back() == '.') host.pop_back();
    MxMatch best;
    std::string best_fact;
    auto consider = [&](const ProviderPreset& p, const std::string& pattern, const std::string& fact) {
        if (pattern.size() > best.pattern.size() && hostMatches(host, pattern)) best = {&p, pattern, {}}, best_fact = fact;
    };
    for (const auto& p : presets) {
        for (const auto& pattern : p.mx) consider(p, pattern, pattern);
        for (const auto& d : p.domains) consider(p, "." + d, d);  // mx.yandex.ru, emx.mail.ru: the provider's own hosts
    }
    if (best.preset) best.citation = best.preset->citationOf(best_fact);
    return best;
}

const ProviderPreset* presetForMx(const std::vector<ProviderPreset>& presets, const std::string& mx_host) {
    return mxMatch(presets, mx_host).preset;
}

const ProviderPreset* presetForMx(const std::string& mx_host) { return presetForMx(providerPresets(), mx_host); }

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
