// Provider presets: the mail services a user's address may belong to, with their SMTP and IMAP servers, the
// login each server takes, what must be enabled first, and the source that confirms each fact (Thunderbird's
// ISPDB, Delta Chat's provider database, a help page). The data is data/providers.json, compiled into the
// plugin, validated when first used (a broken file fails loudly) and shipped in the manifest.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/autoconfig/login_form.hpp"
#include "common/connection.hpp"
#include "mailblock/sdk/descriptor.hpp"
#include "mailblock/sdk/value.hpp"

namespace mailblock::common::autoconfig {

struct ServerSetting {
    ServerSetting() = default;
    ServerSetting(std::string h, uint16_t p, Security s) : host(std::move(h)), port(p), security(s) {}

    std::string host;
    uint16_t port = 0;
    Security security = Security::None;
    LoginForm login = LoginForm::Unconfirmed;  // the login this server takes
    std::string source;        // where the setting comes from, for `rpa autoconfig`: a citation, a URL, a DNS record
    bool unconfirmed = false;  // a preset's setting no source confirms: listed after the confirmed ones
};

// Where a preset's fact comes from: a file of a public repository at a commit, or a web page.
struct Citation {
    std::string repository, file, commit, url;
    // "thunderbird/autoconfig ispdb/me.com.xml c6ad7965..." or the URL.
    std::string text() const;
};

struct ProviderPreset {
    std::string id;
    sdk::Localized name;
    std::vector<std::string> domains;  // lower case
    std::vector<std::string> mx;       // host names, or ".suffix" for any host under it (besides its own domains)
    std::vector<ServerSetting> smtp;   // in order of preference; `source` is the citation's text
    std::vector<ServerSetting> imap;
    std::vector<std::string> auth;  // "password", "app_password", "oauth2"
    bool files_sent_copy = false;
    sdk::Localized setup;  // what to enable or create first
    std::vector<std::string> links;
    sdk::Localized limits;
    std::map<std::string, Citation> sources;        // by the key data/providers.json uses ("ispdb", "help", ...)
    std::map<std::string, std::string> fact_source;  // a domain or MX pattern -> the key of the source confirming it

    bool requires(const std::string& method) const;
    // The text of the source confirming a domain or MX pattern of this entry; empty when none does.
    std::string citationOf(const std::string& fact) const;
};

// The presets as JSON (the manifest ships them) and parsed. Throws std::runtime_error listing every problem
// when the compiled-in data is not valid.
const sdk::Value& presetsJson();
const std::vector<ProviderPreset>& providerPresets();
// The entries of a presets document (valid or not: a test may build its own).
std::vector<ProviderPreset> presetsFrom(const sdk::Value& document);

// Every problem of a presets document: missing fields, a domain or MX pattern in two entries, a bad host name, a
// port whose security contradicts it (465/993 are SSL on connect, 587/143 STARTTLS), a fact without a source or
// with a source the entry does not cite, an unconfirmed server before a confirmed one. Empty when valid.
std::vector<std::string> presetProblems(const sdk::Value& document);

const ProviderPreset* presetForDomain(const std::string& domain);
// Which preset an MX host belongs to, by which pattern, and the source that lists the pattern: what an
// administrator judges an MX match by.
struct MxMatch {
    const ProviderPreset* preset = nullptr;  // null: no preset's pattern matches
    std::string pattern;   // "mx.yandex.net", ".yandex.net", or ".mail.ru" for a host under the entry's own domain
    std::string citation;  // the text of the source listing the pattern (or that own domain)
};

// The preset whose MX pattern or own domain matches `mx_host` most specifically (the longest match), whatever the
// order of the file: AOL's mx-aol.mail.gm0.yahoodns.net is AOL's although Yahoo's pattern .yahoodns.net matches too.
MxMatch mxMatch(const std::vector<ProviderPreset>& presets, const std::string& mx_host);
const ProviderPreset* presetForMx(const std::string& mx_host);
const ProviderPreset* presetForMx(const std::vector<ProviderPreset>& presets, const std::string& mx_host);
// The preset one of whose SMTP or IMAP servers is `host`.
const ProviderPreset* presetForServer(const std::string& host);
// The preset of a server `host`: one of its servers, else a host under one of its domains (smtp.yandex.com).
const ProviderPreset* presetForHost(const std::string& host);

// What to enable or create first at this provider, with its links, in `lang`: the advice of reference 004.
std::string providerAdvice(const ProviderPreset& p, const std::string& lang);

bool isValidHostName(const std::string& host);
Security securityFromName(const std::string& name, bool* ok);

}  // namespace mailblock::common::autoconfig
