// Explicit conversion of a value given to a port into one of the port's accepted types.
#pragma once

#include <string>
#include <variant>

#include "mailblock/sdk/descriptor.hpp"

namespace mailblock::host {

// Either the converted value or a message saying what is wrong (without the port's name: callers add it).
struct Converted {
    sdk::Value value;
    std::string error;
    bool ok() const { return error.empty(); }
};

// Rules: a value already of an accepted type passes; Text converts to Number ("587"), Boolean
// ("true"/"false"/"yes"/"no"/"1"/"0"/"да"/"нет"), Enum (case-insensitive), List/Dictionary (JSON text);
// Number converts to Text and Boolean (0/1); Boolean converts to Text. A secret port gets a SecureString
// whatever its input was. Numbers are checked against the port's integer/min/max. The error is in `lang` ("ru",
// else English).
Converted convertForPort(const sdk::Port& port, const sdk::Value& v, const std::string& lang = "en");

}  // namespace mailblock::host
