// Auto-setup as a block runs it (Send email and Save to Sent with Server left empty): the lookups of
// auto_setup.hpp with a real connection check for guesses, every step in the Debug log, and the errors a user
// sees when nothing is found or when the settings found would send the password somewhere unverified.
#pragma once

#include <chrono>
#include <string>

#include "common/autoconfig/found_settings.hpp"
#include "mailblock/sdk/context.hpp"
#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::common::autoconfig {

inline const char* const kAllowUnverifiedSettingsPort = "allow_unverified_settings";
sdk::Port allowUnverifiedSettingsPort();

// Whether an SMTP server answers at `s` with a 220 greeting (TLS first for SSL on connect) within `timeout`.
bool smtpAnswers(const ServerSetting& s, std::chrono::milliseconds timeout, const std::string& ca_file);

// The settings for `address`; throws sdk::BlockFailure (kind "settings_not_found") naming what was tried.
FoundSettings findForBlock(const sdk::Context& ctx, const std::string& address, std::chrono::seconds timeout,
                           const std::string& ca_file);

// Throws sdk::BlockFailure (kind "unverified_settings") when a password or token would go to `host`, which
// the settings' source cannot vouch for, and the Allow unverified settings port is off.
void requireTrustedDestination(const sdk::Context& ctx, const FoundSettings& f, const std::string& host,
                               const std::string& address);

// "preset yandex", "autoconfig https://...", ...: for the Debug log and the Sent message.
sdk::Value settingsSourceValue(const FoundSettings& f);
// Everything found: the source, SMTP and IMAP servers in order, each with the login it takes and where it comes
// from (a preset and its citation, an autoconfig URL, an MX or SRV record, a guess), and the provider's advice.
sdk::Value foundSettingsValue(const FoundSettings& f, const std::string& lang);
// The same as lines a person reads (`rpa autoconfig`).
std::string foundSettingsText(const FoundSettings& f, const std::string& lang);

}  // namespace mailblock::common::autoconfig
