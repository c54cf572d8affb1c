#include "common/autoconfig/auto_setup.hpp"

#include <fmt/format.h>

#include <exception>

#include "common/autoconfig/autoconfig_xml.hpp"
#include "common/autoconfig/dns_query.hpp"
#include "common/idna.hpp"
#include "mailblock/sdk/ascii.hpp"

namespace mailblock::common::autoconfig {

namespace {

bool under(const std::string& host, const std::string& domain) {
    return host == domain ||
           (host.size() > domain.size() + 1 && host.compare(host.size() - domain.size() - 1, std::string::npos, "." + domain) == 0);
}

std::optional<FoundSettings> fromMx(const std::string& domain, const std::string& address, const AutoSetupOptions& o,
                                    std::vector<std::string>& trace) {
    for (const auto& r : dnsQuery(domain, DnsType::MX, o.step_timeout, configuredDnsServer())) {
        if (MxMatch m = mxMatch(providerPresets(), r.target); const ProviderPreset* p = m.preset) {
            trace.push_back(fmt::format("MX {}: {} ({})", domain, r.target, p->id));
            // Which pattern matched and who lists it: a hosting provider's MX name is the whole reason for the match.
            const std::string why = fmt::format("{} per {}", m.pattern, m.citation);
            trace.push_back(fmt::format("MX {}: matches {}", r.target, why));
            FoundSettings f = settingsFromPreset(*p, address, "mx");
            f.detail = fmt::format("MX {} -> {} ({})", r.target, p->id, why);
            for (auto* list : {&f.smtp, &f.imap})
                for (auto& s : *list) s.source = fmt::format("MX {}: {} ({}), {}", domain, r.target, why, s.source);
            f.authenticated = false;  // DNS can be spoofed; the hosts are a preset's, so the password is safe anyway
            return f;
        }
        trace.push_back(fmt::format("MX {}: {} (no preset)", domain, r.target));
    }
    return std::nullopt;
}

// One SRV name; a refused or broken answer for it only means this name gives nothing (a timeout ends the step).
std::optional<ServerSetting> srv(const std::string& name, Security security, const AutoSetupOptions& o,
                                 std::vector<std::string>& trace) {
    std::vector<DnsRecord> records;
    try {
        records = dnsQuery(name, DnsType::SRV, o.step_timeout, configuredDnsServer());
    } catch (const DnsTimeout&) {
        throw;
    } catch (const std::exception& e) {
        trace.push_back(fmt::format("SRV {}: {}", name, e.what()));
        return std::nullopt;
    }
    for (const auto& r : records) {
        if (r.target.empty() || r.target == "." || !isValidHostName(sdk::ascii::lower(r.target))) continue;  // "." = no service
        trace.push_back(fmt::format("SRV {}: {}:{}", name, r.target, r.port));
        ServerSetting s{sdk::ascii::lower(r.target), r.port, security};
        s.source = "SRV " + name;  // the record says nothing of the login: its form stays unconfirmed
        return s;
    }
    return std::nullopt;
}

std::optional<FoundSettings> fromSrv(const std::string& domain, const AutoSetupOptions& o, std::vector<std::string>& trace) {
    FoundSettings f;
    for (auto [prefix, security] : {std::pair{"_submissions._tcp.", Security::Implicit}, {"_submission._tcp.", Security::StartTls}})
        if (auto s = srv(prefix + domain, security, o, trace)) f.smtp.push_back(*s);
    if (f.smtp.empty()) return std::nullopt;
    for (auto [prefix, security] : {std::pair{"_imaps._tcp.", Security::Implicit}, {"_imap._tcp.", Security::StartTls}})
        if (auto s = srv(prefix + domain, security, o, trace)) f.imap.push_back(*s);
    f.source = "srv";
    f.detail = "SRV records of " + domain;
    return f;
}

AutoSetupResult findSettingsFor(const std::string& address, const AutoSetupOptions& o);

std::optional<FoundSettings> fromGuess(const std::string& domain, const AutoSetupOptions& o, std::vector<std::string>& trace) {
    if (!o.confirm) return std::nullopt;
    for (const char* prefix : {"smtp.", "mail."})
        for (auto [port, security] : {std::pair<uint16_t, Security>{465, Security::Implicit}, {587, Security::StartTls}}) {
            ServerSetting s{prefix + domain, port, security};
            s.source = fmt::format("guess: {}:{} answered", s.host, s.port);
            bool answers = o.confirm(s);
            trace.push_back(fmt::format("guess {}:{}: {}", s.host, s.port, answers ? "answers" : "no answer"));
            if (!answers) continue;
            FoundSettings f;
            f.smtp.push_back(s);
            f.imap.push_back({"imap." + domain, 993, Security::Implicit});
            f.imap.back().source = "guess: not checked";
            f.source = "guess";
            f.detail = fmt::format("{}:{} answered", s.host, s.port);
            return f;
        }
    return std::nullopt;
}

}  // namespace

std::string domainOfAddress(const std::string& address) {
    size_t at = address.rfind('@');
    if (at == std::string::npos) return "";
    // ivan@пример.рф is looked up as xn--e1afmkfd.xn--p1ai; a domain that cannot be written so stays as typed
    // and is then found nowhere.
    AsciiDomain ascii = domainToAscii(address.substr(at + 1));
    return sdk::ascii::lower(ascii.error.empty() ? ascii.domain : address.substr(at + 1));
}

FoundSettings settingsFromPreset(const ProviderPreset& p, const std::string& address, const std::string& source) {
    FoundSettings f;
    f.smtp = p.smtp;
    f.imap = p.imap;
    for (auto* list : {&f.smtp, &f.imap})
        for (auto& s : *list) s.source = fmt::format("preset {}: {}", p.id, s.source);
    f.address = address;
    f.source = source;
    f.detail = p.id;
    f.authenticated = true;
    f.provider = &p;
    return f;
}

AutoSetupResult findMailSettings(const std::string& address, const AutoSetupOptions& o) {
    AutoSetupResult r = findSettingsFor(address, o);
    if (r.found) r.found->address = address;
    return r;
}

namespace {

AutoSetupResult findSettingsFor(const std::string& address, const AutoSetupOptions& o) {
    AutoSetupResult r;
    const std::string domain = domainOfAddress(address);
    if (!isValidHostName(domain)) {
        r.trace.push_back("\"" + address + "\" has no domain to look up");
        return r;
    }
    if (const ProviderPreset* p = presetForDomain(domain)) {
        r.trace.push_back("preset: " + p->id);
        r.found = settingsFromPreset(*p, address, "preset");
        return r;
    }
    r.trace.push_back("preset: none for " + domain);
    FetchTrace fetch;
    r.found = fetchAutoconfig(address, o.step_timeout, o.ca_file, fetch);
    for (auto& t : fetch.tried) r.trace.push_back("autoconfig " + t);
    if (r.found) return r;
    using Step = std::optional<FoundSettings> (*)(const std::string&, const std::string&, const AutoSetupOptions&,
                                                  std::vector<std::string>&);
    const std::pair<const char*, Step> dns_steps[] = {
        {"MX", [](const std::string& d, const std::string& a, const AutoSetupOptions& opt, std::vector<std::string>& t) {
             return fromMx(d, a, opt, t);
         }},
        {"SRV", [](const std::string& d, const std::string&, const AutoSetupOptions& opt, std::vector<std::string>& t) {
             return fromSrv(d, opt, t);
         }},
    };
    for (const auto& [name, step] : dns_steps) {
        try {
            if ((r.found = step(domain, address, o, r.trace))) return r;
            r.trace.push_back(std::string(name) + ": nothing usable");
        } catch (const std::exception& e) {
            r.trace.push_back(std::string(name) + ": " + e.what());
        }
    }
    r.found = fromGuess(domain, o, r.trace);
    return r;
}

}  // namespace

std::string passwordDestinationProblem(const FoundSettings& f, const std::string& host, const std::string& address) {
    std::string h = sdk::ascii::lower(host);
    std::string domain = domainOfAddress(address);
    if (f.authenticated || (!domain.empty() && under(h, domain)) || presetForServer(h)) return {};
    return fmt::format("{} is outside {} and no known provider's server, and it came from {} ({}), which anyone on the "
                       "network could have forged",
                       h, domain.empty() ? "the address's domain" : domain, f.source, f.detail);
}

}  // namespace mailblock::common::autoconfig
