// `rpa connection add|list|show|check|disable|enable|remove`: an administrator's named connections (reference 003:
// a system name, a description, «Отключить», the file log, «Проверить соединение» with test recipients). They live
// in the user's credential store next to the OAuth2 credentials (common/oauth/credential_store.hpp), and diagrams
// name them in the blocks' Connection port. The password comes from an environment variable or a prompt, never
// from the command line, and nothing here prints it.
#pragma once

#include <string>
#include <vector>

#include "mailblock/sdk/command.hpp"

namespace mailblock::commands {

extern const char* const kConnectionUsage;  // the line for `rpa help`

// sdk::CommandFn: 0 done (check: the check passed), 1 failed, 2 usage error.
int connectionCommand(sdk::CommandHost& host, const std::vector<std::string>& args);

}  // namespace mailblock::commands
