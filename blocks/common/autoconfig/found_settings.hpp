// What auto-setup found for an address, and where it came from.
#pragma once

#include <string>
#include <vector>

#include "common/autoconfig/provider_presets.hpp"

namespace mailblock::common::autoconfig {

struct FoundSettings {
    std::vector<ServerSetting> smtp;  // in order of preference, each with the login it takes and its source
    std::vector<ServerSetting> imap;
    std::string address;              // the address the settings were looked up for
    std::string username;             // a login given as such (an autoconfig template); empty: the servers' forms
    std::string source;               // "preset", "autoconfig", "mx", "srv", "guess"
    std::string detail;               // the provider id, the URL, the record that answered
    bool authenticated = false;       // from a source nobody on the network can forge (a preset, HTTPS)
    const ProviderPreset* provider = nullptr;
};

}  // namespace mailblock::common::autoconfig
