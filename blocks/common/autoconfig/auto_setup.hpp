// Mail settings from an address alone, in the order a person would try them: (1) the provider presets by
// domain, (2) the domain's autoconfig document, (3) its MX records matched against the presets' mail
// exchangers (a company domain on Yandex 360, Google Workspace, VK WorkSpace or Microsoft 365), (4) RFC 6186 /
// RFC 8314 SRV records, (5) a guess (smtp./mail. + domain on 465 and 587) confirmed by a real connection.
// Each step has its own deadline; the first good answer wins.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/autoconfig/found_settings.hpp"

namespace mailblock::common::autoconfig {

struct AutoSetupOptions {
    std::chrono::milliseconds step_timeout{4000};
    std::string ca_file;
    // Whether a guessed SMTP server really answers (connects, greets; TLS when asked). Required for step 5.
    std::function<bool(const ServerSetting&)> confirm;
};

struct AutoSetupResult {
    std::optional<FoundSettings> found;
    std::vector<std::string> trace;  // what each step tried and got, for the Debug log and `rpa autoconfig`
};

AutoSetupResult findMailSettings(const std::string& address, const AutoSetupOptions& options);

// The settings of a preset, as step 1 gives them.
FoundSettings settingsFromPreset(const ProviderPreset& p, const std::string& address, const std::string& source);

// Empty when a password may go to `host`: it is the address's own domain or under it, a server of a preset, or
// the settings came from a source nobody can forge. Otherwise the reason to refuse, for the error text.
std::string passwordDestinationProblem(const FoundSettings& f, const std::string& host, const std::string& address);

std::string domainOfAddress(const std::string& address);

}  // namespace mailblock::common::autoconfig
