// Where a command takes a secret from: an environment variable named on the command line, or a prompt on the
// terminal with echo off. Never the command line itself (it shows in `ps` and the shell's history).
#pragma once

#include <optional>
#include <ostream>
#include <string>

namespace mailblock::commands {

// The value of $VAR; std::invalid_argument naming the option when VAR is unset or empty.
std::string secretFromEnvironment(const std::string& option, const std::string& var);

// Asks on standard input with echo off when it is a terminal, writing `prompt` to `out`; nothing when it is not a
// terminal (the caller refuses then). The line break the user typed is not part of the value.
std::optional<std::string> secretFromTerminal(const std::string& prompt, std::ostream& out);

}  // namespace mailblock::commands
