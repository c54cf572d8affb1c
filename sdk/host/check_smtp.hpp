// `rpa check-smtp`: checks SMTP settings by running the Send email block in its "Check only" mode (or, with
// --to, sending a test message), so the host needs no SMTP code of its own. Without --server the block finds
// the settings from the address first. `rpa autoconfig ADDRESS`: the block's Find settings mode.
#pragma once

#include <map>
#include <string>

#include "plugin_loader.hpp"

namespace mailblock::host {

// options: server, port, security, ssl, login, password-env, from, to, ca-file, accept-untrusted, lang.
// Returns the diagram (JSON text) that performs the check. Throws std::invalid_argument for bad options.
std::string checkSmtpDiagram(const std::map<std::string, std::string>& options);
std::string autoconfigDiagram(const std::string& address, const std::string& lang);

}  // namespace mailblock::host
