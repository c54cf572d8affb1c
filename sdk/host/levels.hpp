// Error and message levels: a block's own value, or the Start block's when the block says "Default".
#pragma once

#include <optional>
#include <string>

#include "mailblock/sdk/context.hpp"

namespace mailblock::host {

// Start block: "Default" error level means stop the diagram on the first error; "Default" message level
// means Release (print nothing).
struct StartLevels {
    sdk::ErrorLevel error = sdk::ErrorLevel::Stop;
    sdk::MessageLevel message = sdk::MessageLevel::Release;
};

// A level name as written in a diagram ("Default", "Ignore", "Handle" / "Default", "Release", "Debug",
// "Detailed"), case-insensitive. nullopt for "Default"; throws std::invalid_argument for anything else.
std::optional<sdk::ErrorLevel> parseErrorLevel(const std::string& name);
std::optional<sdk::MessageLevel> parseMessageLevel(const std::string& name);

sdk::ErrorLevel resolve(std::optional<sdk::ErrorLevel> own, const StartLevels& start);
sdk::MessageLevel resolve(std::optional<sdk::MessageLevel> own, const StartLevels& start);

const char* levelName(sdk::ErrorLevel l);
const char* levelName(sdk::MessageLevel l);

}  // namespace mailblock::host
