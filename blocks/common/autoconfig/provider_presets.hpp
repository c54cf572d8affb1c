// Provider presets: the mail services a user's address may belong to, with their SMTP and IMAP servers, how
// they sign in and what must be enabled first. The data is data/providers.json, compiled into the plugin,
// validated when first used (a broken file fails loudly) and shipped in the manifest.
#pragma once

#include <string>
#include <vector>

#include "common/connection.hpp"
#include "mailblock/sdk/descriptor.hpp"
#include "mailblock/sdk/value.hpp"

namespace mailblock::common::autoconfig {

struct ServerSetting {
    std::string host;
    uint16_t port = 0;
    Security security = Security::None;
};

struct ProviderPreset {
    std::string id;
    sdk::Localized name;
    std::vector<std::string> domains;  // lower case
    std::vector<std::string> mx;       // host names, or ".suffix" for any host under it
    std::vector<ServerSetting> smtp;   // in order of preference
    std::vector<ServerSetting> imap;
    bool username_is_local_part = false;
    std::vector<std::string> auth;  // "password", "app_password", "oauth2"
    bool files_sent_copy = false;
    sdk::Localized setup;  // what to enable or create first
    std::vector<std::string> links;
    sdk::Localized limits;
    std::vector<std::string> source;

    bool requires(const std::string& method) const;
};

// The presets as JSON (the manifest ships them) and parsed. Throws std::runtime_error listing every problem
// when the compiled-in data is not valid.
const sdk::Value& presetsJson();
const std::vector<ProviderPreset>& providerPresets();

// Every problem of a presets document: missing fields, a domain in two entries, a bad host name, a port
// whose security contradicts it (465/993 are SSL on connect, 587/143 STARTTLS). Empty when valid.
std::vector<std::string> presetProblems(const sdk::Value& document);

const ProviderPreset* presetForDomain(const std::string& domain);
const ProviderPreset* presetForMx(const std::string& mx_host);
// The preset one of whose SMTP or IMAP servers is `host`.
const ProviderPreset* presetForServer(const std::string& host);
// The preset of a server `host`: one of its servers, else a host under one of its domains (smtp.yandex.com).
const ProviderPreset* presetForHost(const std::string& host);

// What to enable or create first at this provider, with its links, in `lang`: the advice of reference 004.
std::string providerAdvice(const ProviderPreset& p, const std::string& lang);

bool isValidHostName(const std::string& host);
Security securityFromName(const std::string& name, bool* ok);

}  // namespace mailblock::common::autoconfig
