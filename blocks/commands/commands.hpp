// The command-line commands of the mailblock plugin (abi.h mb_command): `rpa check-smtp`, `rpa autoconfig` and
// `rpa oauth` dispatch here, so the generic host carries no mail code.
#pragma once

#include <vector>

#include "mailblock/abi.h"

namespace mailblock::commands {

// The plugin's command table: static, built on the first call.
const std::vector<mb_command>& mailCommands();

}  // namespace mailblock::commands
