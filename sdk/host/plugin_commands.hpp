// Commands plugins offer on rpa's command line (abi.h mb_command): `rpa NAME ARGS...` runs the command NAME of a
// loaded plugin, so mail-specific commands (check-smtp, autoconfig, oauth) live with the mail blocks.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "plugin_loader.hpp"

namespace mailblock::host {

// Runs a diagram for a command and reports it as `rpa run` does; returns rpa run's exit status. May throw
// (InvalidDiagram, ...): the host's side of the ABI turns that into a status and a message.
using DiagramRunner = std::function<int(const std::string& diagram_json, bool json_output)>;

// Runs `command` with the words after its name; its text goes to `out` and `err`. Returns its exit status.
int runPluginCommand(const mb_command& command, const std::vector<std::string>& args, const DiagramRunner& run_diagram,
                     std::ostream& out, std::ostream& err);

// The usage lines of every loaded plugin's commands, for `rpa help`.
std::string pluginCommandsUsage(const Registry& registry);

}  // namespace mailblock::host
