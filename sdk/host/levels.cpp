#include "levels.hpp"

#include "mailblock/sdk/ascii.hpp"

#include <algorithm>
#include <stdexcept>

namespace mailblock::host {

std::optional<sdk::ErrorLevel> parseErrorLevel(const std::string& name) {
    std::string n = sdk::ascii::lower(sdk::ascii::trim(name));
    if (n == "default" || n.empty()) return std::nullopt;
    if (n == "ignore") return sdk::ErrorLevel::Ignore;
    if (n == "handle") return sdk::ErrorLevel::Handle;
    throw std::invalid_argument("error level must be Default, Ignore or Handle, got \"" + name + "\"");
}

std::optional<sdk::MessageLevel> parseMessageLevel(const std::string& name) {
    std::string n = sdk::ascii::lower(sdk::ascii::trim(name));
    if (n == "default" || n.empty()) return std::nullopt;
    if (n == "release") return sdk::MessageLevel::Release;
    if (n == "debug") return sdk::MessageLevel::Debug;
    if (n == "detailed") return sdk::MessageLevel::Detailed;
    throw std::invalid_argument("message level must be Default, Release, Debug or Detailed, got \"" + name + "\"");
}

sdk::ErrorLevel resolve(std::optional<sdk::ErrorLevel> own, const StartLevels& start) { return own.value_or(start.error); }
sdk::MessageLevel resolve(std::optional<sdk::MessageLevel> own, const StartLevels& start) { return own.value_or(start.message); }

const char* levelName(sdk::ErrorLevel l) {
    switch (l) {
        case sdk::ErrorLevel::Stop: return "Default";
        case sdk::ErrorLevel::Ignore: return "Ignore";
        case sdk::ErrorLevel::Handle: return "Handle";
    }
    return "?";
}

const char* levelName(sdk::MessageLevel l) {
    switch (l) {
        case sdk::MessageLevel::Release: return "Release";
        case sdk::MessageLevel::Debug: return "Debug";
        case sdk::MessageLevel::Detailed: return "Detailed";
    }
    return "?";
}

}  // namespace mailblock::host
