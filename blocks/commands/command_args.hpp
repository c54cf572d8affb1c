// The words of a plugin command as rpa's own commands read them: --json, --lang ru|en, --NAME VALUE pairs and
// positional words.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace mailblock::commands {

struct CommandArgs {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // --NAME VALUE, without the dashes
    bool json = false;
    std::string lang = "ru";
};

// Throws std::invalid_argument naming the problem (an option without its value, a language other than ru/en).
CommandArgs parseCommandArgs(const std::vector<std::string>& args);

}  // namespace mailblock::commands
