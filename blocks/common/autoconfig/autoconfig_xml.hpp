// Thunderbird's autoconfig document (config-v1.1.xml): parsed from text, or fetched from the domain's usual
// URLs (https://autoconfig.DOMAIN/mail/config-v1.1.xml, https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml,
// then plain http://autoconfig.DOMAIN/...). MAILBLOCK_AUTOCONFIG_URL replaces that list with one URL template
// ({domain} and {address} filled in): the tests point it at a local HTTP server.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/autoconfig/found_settings.hpp"

namespace mailblock::common::autoconfig {

// Throws std::runtime_error when the text is not a usable document (malformed XML, no SMTP server).
FoundSettings parseAutoconfig(const std::string& xml, const std::string& address);

struct FetchTrace {
    std::vector<std::string> tried;  // "URL: what happened", for the Debug log
};

// The first URL that answers with a usable document. A redirect to another host is refused (it could hand the
// password to anyone); a redirect on the same host is followed once. Each URL gets `timeout`.
std::optional<FoundSettings> fetchAutoconfig(const std::string& address, std::chrono::milliseconds timeout,
                                             const std::string& ca_file, FetchTrace& trace);

}  // namespace mailblock::common::autoconfig
