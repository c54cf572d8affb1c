// The presets against the snapshot of the facts they rely on (tests/unit/data/provider_facts.json, written from
// Thunderbird's ISPDB, Delta Chat's provider database and the providers' help pages): for every domain the same
// provider, the same SMTP and IMAP servers in the same order (host, port, socket type, login form) with the same
// source, and every domain and MX pattern of the presets present in the snapshot. A change to either file shows up
// here, so a review sees it.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "common/autoconfig/provider_presets.hpp"
#include "mailblock/sdk/json.hpp"

using namespace mailblock::common::autoconfig;
using mailblock::sdk::Value;
using mailblock::sdk::ValueType;

namespace {

Value snapshot() {
    std::ifstream in(MAILBLOCK_SOURCE_DIR "/tests/unit/data/provider_facts.json");
    REQUIRE_MESSAGE(in, "tests/unit/data/provider_facts.json is missing");
    std::stringstream text;
    text << in.rdbuf();
    return mailblock::sdk::json::parse(text.str());
}

// One server as the snapshot writes it: host, port, ISPDB's socket type, login form, source.
std::string row(const ServerSetting& s) {
    return s.host + " " + std::to_string(s.port) + " " +
           (s.security == mailblock::common::Security::Implicit ? "SSL" : "STARTTLS") + " " + loginFormName(s.login) +
           " " + s.source;
}

std::string rows(const std::vector<ServerSetting>& list) {
    std::string out;
    for (const auto& s : list) out += row(s) + "\n";
    return out;
}

std::string rows(const Value* list) {
    std::string out;
    if (list)
        for (const auto& r : list->items()) {
            const auto& f = r.items();
            out += f.at(0).asText() + " " + std::to_string(static_cast<int>(f.at(1).asNumber())) + " " +
                   f.at(2).asText() + " " + f.at(3).asText() + " " + f.at(4).asText() + "\n";
        }
    return out;
}

std::string citation(const ProviderPreset& p, const std::string& fact) {
    auto key = p.fact_source.find(fact);
    if (key == p.fact_source.end()) return "(no source)";
    auto c = p.sources.find(key->second);
    return c == p.sources.end() ? "(source " + key->second + " not cited)" : c->second.text();
}

const ProviderPreset* byId(const std::string& id) {
    for (const auto& p : providerPresets())
        if (p.id == id) return &p;
    return nullptr;
}

}  // namespace

TEST_CASE("snapshot: every domain's provider, servers, login forms and sources are the recorded facts") {
    const Value facts = snapshot();
    REQUIRE(facts.find("facts"));
    std::set<std::string> domains_seen, mx_seen;
    for (const auto& fact : facts.find("facts")->items()) {
        const std::string provider = fact.textOf("provider");
        if (const Value* domains = fact.find("domains"))
            for (const auto& d : domains->items()) {
                INFO("domain " << d.asText());
                domains_seen.insert(d.asText());
                const ProviderPreset* p = presetForDomain(d.asText());
                REQUIRE(p);
                CHECK(p->id == provider);
                CHECK(citation(*p, d.asText()) == fact.textOf("domains_source"));
                CHECK(rows(p->smtp) == rows(fact.find("smtp")));
                CHECK(rows(p->imap) == rows(fact.find("imap")));
            }
        if (const Value* mx = fact.find("mx"))
            for (const auto& m : mx->items()) {
                INFO("MX pattern " << m.asText() << " of " << provider);
                mx_seen.insert(m.asText());
                const ProviderPreset* p = byId(provider);
                REQUIRE(p);
                CHECK(citation(*p, m.asText()) == fact.textOf("mx_source"));
            }
    }
    for (const auto& p : providerPresets()) {
        for (const auto& d : p.domains)
            CHECK_MESSAGE(domains_seen.count(d) == 1, p.id << " domain " << d << " is not in the snapshot");
        for (const auto& m : p.mx)
            CHECK_MESSAGE(mx_seen.count(m) == 1, p.id << " MX " << m << " is not in the snapshot");
    }
}

TEST_CASE("snapshot: Microsoft 365 has no domains of its own; its servers are the recorded ones") {
    // office365 is found by MX only, so the domain loop above never reaches it.
    const ProviderPreset* m365 = byId("office365");
    REQUIRE(m365);
    CHECK(m365->domains.empty());
    CHECK(rows(m365->smtp) ==
          "smtp.office365.com 587 STARTTLS address thunderbird/autoconfig ispdb/office365.com.xml "
          "c6ad79659b5fc321d1593ec4c277815b83e5dec5\n");
}
